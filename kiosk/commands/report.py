"""``smartstep report PATIENT --pdf FILE [--config F]``: a patient's progress report as PDF."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.commands.options import add_config_option, config_from
from kiosk.staff.review.change import Detectable
from kiosk.staff.review.report import write_report
from kiosk.staff.settings import apply_saved
from kiosk.storage.settings import SettingsTable
from kiosk.storage.store import Store


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="a patient's progress report as PDF")
    p.add_argument("patient", help="the patient's clinic ID or patient id")
    p.add_argument("--pdf", required=True, metavar="FILE", help="where to write the PDF")
    add_config_option(p)


def run(args: argparse.Namespace) -> int:
    config = config_from(args)
    # recover=False: the kiosk may be running; a report never changes its sessions.
    with Store(config.db_path(), config.data_path(), recover=False) as store:
        # As the kiosk makes it: the clinic name and step name an admin saved count.
        config, _refused = apply_saved(config, SettingsTable(store).settings())
        result = write_report(store, args.patient, Path(args.pdf), config.step_id,
                              clinic_name=config.clinic_name,
                              detectable=Detectable.from_config(config.heel_rise))
    print(f"report written: {result.path} ({result.pages} pages, "
          f"{result.size_bytes / 1000:.0f} kB, {result.sessions} sessions)")
    return 0
