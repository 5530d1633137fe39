"""Staff review (no Kivy): the session list, a session's detail and plot traces, a
patient's progress by week, published norms with their sources, and the PDF report."""
