"""The doctor's words: what each check is, and the fix for each problem, in one sentence."""

from __future__ import annotations

TITLES: dict[str, str] = {
    "config": "configuration",
    "devices": "devices wired (not simulated)",
    "spi": "SPI enabled",
    "uart": "UART enabled, no serial console",
    "gpio": "GPIO chip",
    "adc": "pressure strips (MCP3008)",
    "tof": "heel-height sensor (ToF)",
    "lights": "tempo lights, buzzer, button",
    "storage": "data directory",
    "clock": "clock",
    "usb": "USB export (udisks2, polkit)",
    "analysis": "movement analysis build",
}

FIXES: dict[str, str] = {
    "config_invalid":
        "Correct the named key in the config file (every key is described in "
        "assets/config.pi.toml), then run smartstep doctor again.",
    "device_simulated":
        "Set each device's backend to the wired one in /etc/smartstep/config.toml "
        '([tof] backend = "serial", [strips] backend = "mcp3008", [lights] backend = "gpio").',
    "spi_disabled":
        "Enable SPI with sudo raspi-config nonint do_spi 0 (or dtparam=spi=on in "
        "/boot/firmware/config.txt; scripts/install-pi does this) and reboot.",
    "uart_missing":
        "Enable the UART with enable_uart=1 in /boot/firmware/config.txt (scripts/install-pi "
        "does this) and reboot, or set [tof] port to the USB-serial adapter's path.",
    "serial_console":
        "Turn the serial console off with sudo raspi-config nonint do_serial_cons 1 "
        "(removes console=serial0 from /boot/firmware/cmdline.txt) and reboot.",
    "no_gpio_chip":
        "This is not a Raspberry Pi or the GPIO driver is missing: run the kiosk on the "
        "Pi, or use smartstep doctor --sim to check the simulated step.",
    "gpio_unusable":
        "Stop the kiosk while the doctor runs (sudo systemctl stop smartstep), and if that is "
        "not it, reinstall the pi extra (sudo scripts/install-pi --upgrade) and check that "
        "the smartstep user is in the gpio and spi groups.",
    "lgpio_workdir":
        "Point LG_WD at a folder the smartstep user can write, where lgpio makes its pipe: "
        "the unit sets LG_WD=/run/smartstep, which systemd makes at each start (sudo "
        "scripts/install-pi --upgrade installs that unit), and unset LG_WD when running the "
        "doctor by hand.",
    "adc_no_answer":
        "Check the MCP3008's wiring (VDD and VREF to 3.3 V, AGND and DGND to ground, CLK to "
        "GPIO11, DOUT to GPIO9, DIN to GPIO10, CS to GPIO8) against the README's table.",
    "adc_channel_pinned":
        "Fit the strip's 10 kΩ divider resistor from the channel to ground, or replace the "
        "shorted strip.",
    "adc_all_zero":
        "Stand on the step or press a strip while the check runs; if every channel still "
        "reads 0, check the MCP3008's 3.3 V supply and its DOUT wire to GPIO9.",
    "tof_port_unusable":
        "Check the ToF's TX wire to GPIO15 (RXD) and its 5 V supply, or set [tof] port to "
        "the serial port it is on.",
    "tof_silent":
        "Check the ToF's TX wire to GPIO15 (RXD), its power, and that the sensor is in "
        "active output mode.",
    "tof_bad_frames":
        "Set [tof] protocol and baud to what the sensor sends (nlink 921600, benewake "
        "115200) and keep its cable short and away from the buzzer wires.",
    "tof_slow":
        "Set the sensor's output rate to 100 Hz with its configuration tool (NAssistant "
        "for TOFSense, the frame-rate command for TF-Luna).",
    "lights_unusable":
        "Stop the kiosk while the doctor runs (sudo systemctl stop smartstep), free the named "
        "pin if another program or overlay uses it, or correct [lights] to the wiring table.",
    "button_stuck":
        "Check the button's wiring: it should connect its GPIO to ground only while pressed.",
    "data_dir_not_writable":
        "Make the data directory writable by the kiosk (StateDirectory=smartstep in the "
        "unit creates /var/lib/smartstep; sudo scripts/install-pi sets it up).",
    "disk_full":
        "Free space on the SD card: export to a USB stick, then set [storage] "
        "recordings_keep_days so old recordings are pruned.",
    "clock_stale":
        "Set the clock: connect the Pi to a network with internet time once (timedatectl "
        "should say synchronized: yes), or run sudo date -s 'YYYY-MM-DD HH:MM', or fit an "
        "RTC battery.",
    "clock_behind_records":
        "The clock is earlier than the newest record: set the right time (network time, "
        "sudo date -s 'YYYY-MM-DD HH:MM', or an RTC battery) before the next session.",
    "database_unreadable":
        "The database cannot be read: restore smartstep.db from the latest USB export.",
    "udisks2_missing":
        "Install udisks2 with sudo apt-get install udisks2 (scripts/install-pi does this).",
    "polkit_rule_missing":
        "Install the polkit rule that lets the kiosk mount USB sticks "
        "(sudo scripts/install-pi --upgrade).",
    "cannot_check":
        "The doctor may not read the file it names as this user: run it as the kiosk's user "
        "(sudo -u smartstep), or with sudo to look past the permissions.",
}
