"""Reading data as people really have it, uploads, and downloads (no browser).

The fixtures are the kinds of table nurses and analysts bring to a workshop: cells
copied from Excel, CSV from Excel on Windows (Windows-1252) or in much of Europe
(semicolons, decimal commas, a byte-order mark), Excel's "Unicode text", workbooks
with a title row, percentages, dates and spare sheets; and the wrong and damaged files
that arrive too.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import re

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.figure import Figure

from qikit.apps import (
    MAX_UPLOAD_BYTES,
    _files,
    check_upload,
    csv_bytes,
    download_link,
    figure_bytes,
    json_bytes,
    list_sheets,
    read_file,
    read_pasted,
    read_upload,
    upload_text,
    uploaded_file,
    xlsx_bytes,
)
from qikit.errors import InputError


def _dates(series: pd.Series) -> list[str]:
    return series.dt.strftime("%Y-%m-%d").tolist()


def _workbook(sheets: dict[str, list[list]], formats: dict | None = None) -> bytes:
    """An .xlsx with the given rows per sheet; formats: {(sheet, cell): format}."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    for (name, cell), number_format in (formats or {}).items():
        book[name][cell].number_format = number_format
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- pasted from Excel


def test_one_column_of_numbers_without_a_header():
    data = read_pasted("12\n15\n11\n")
    assert list(data.frame.columns) == ["Column 1"]
    assert data.frame["Column 1"].tolist() == [12, 15, 11]
    assert data.number_columns == ("Column 1",) and data.source == "the pasted data"
    assert data.notes == (
        "The first row holds data, not column names, so the column is called "
        "'Column 1'.",
    )


def test_a_table_with_a_header_trailing_spaces_and_uk_dates():
    text = "Month \t Falls\t\n01/01/2024\t4\t\n01/02/2024\t6\t\n01/03/2024\t5\t\n"
    data = read_pasted(text)
    assert list(data.frame.columns) == ["Month", "Falls"]
    assert _dates(data.frame["Month"]) == ["2024-01-01", "2024-02-01", "2024-03-01"]
    assert data.date_columns == ("Month",) and data.number_columns == ("Falls",)
    assert data.frame["Falls"].dtype == np.int64
    assert data.notes == (
        "Spaces around (or inside) the column names 'Month' and 'Falls' were removed.",
        "1 empty column was left out.",
        "The dates in 'Month' were read day first, as in the UK (01/04/2024 is 1 "
        "April 2024).",
    )


def test_percent_signs_thousands_separators_and_currency():
    text = "Ward\tRate\tBed days\tCost\nA\t85%\t1,234\t£1,200.50\nB\t90.5%\t12,345\t£80"
    data = read_pasted(text)
    frame = data.frame
    assert frame["Rate"].tolist() == [85.0, 90.5]
    assert frame["Bed days"].tolist() == [1234, 12345]
    assert frame["Cost"].tolist() == [1200.5, 80.0]
    assert data.percent_columns == ("Rate",)
    assert data.text_columns == ("Ward",)
    assert set(data.number_columns) == {"Rate", "Bed days", "Cost"}
    assert (
        "The values in 'Rate' ended in %; they were read as percentages (85% is 85)."
    ) in data.notes
    assert (
        "Some values in 'Bed days' had thousands separators (as in 1,234); they were "
        "read as numbers."
    ) in data.notes
    assert "The £ signs in 'Cost' were removed, leaving the numbers." in data.notes


def test_blank_rows_anywhere_are_dropped_and_counted():
    data = read_pasted("Falls\n4\n\n  \n6\n\t\n5\n\n\n")
    assert data.frame["Falls"].tolist() == [4, 6, 5]
    assert "3 blank rows were left out." in data.notes


def test_missing_markers_are_read_as_missing():
    data = read_pasted("Week\tFalls\n1\t4\n2\tn/a\n3\t-\n4\t#N/A\n5\t6")
    falls = data.frame["Falls"]
    assert falls.isna().tolist() == [False, True, True, True, False]
    assert falls.dtype == np.float64
    assert (
        "In 'Falls', cells holding '#N/A', '-' and 'n/a' were read as missing."
    ) in data.notes


def test_a_word_among_numbers_keeps_the_column_as_text_and_says_where():
    data = read_pasted("Month\tFalls\nJan\t4\nFeb\tten\nMar\t5\nApr\t6")
    assert data.text_columns == ("Month", "Falls")
    assert data.frame["Falls"].tolist() == ["4", "ten", "5", "6"]
    assert data.notes == (
        "'Falls' is mostly numbers, but 1 cell is not (line 3: 'ten'), so the column "
        "was kept as text. Correct those cells, or leave them empty, to use it as "
        "numbers.",
    )


def test_an_impossible_date_keeps_the_column_as_text_and_says_where():
    text = "Date\tFalls\n30/01/2024\t4\n31/02/2024\t5\n01/03/2024\t6\n02/03/2024\t1"
    data = read_pasted(text)
    assert data.text_columns == ("Date",)
    note = data.notes[0]
    assert note.startswith(
        "'Date' holds dates, but 1 value could not be read as a date (line 3: "
        "'31/02/2024'), so the column was kept as text."
    )
    assert "day first" in note and "31/03/2024" in note


def test_american_dates_are_not_read_month_first():
    data = read_pasted("Date\tFalls\n03/25/2024\t4\n03/26/2024\t5\n03/27/2024\t6")
    assert data.text_columns == ("Date",)
    assert data.notes[0].startswith(
        "'Date' holds dates, but 3 values could not be read as a date (lines 2, 3, "
        "4: '03/25/2024', '03/26/2024' and '03/27/2024'), so the column was kept as "
        "text. qikit reads dates day first, as in the UK."
    )


def test_a_title_line_above_the_table_is_left_out():
    data = read_pasted("Ward 6 falls, 2024\n\nMonth\tFalls\nJan\t4\nFeb\t6")
    assert list(data.frame.columns) == ["Month", "Falls"]
    assert (
        "The first line, 'Ward 6 falls, 2024', looks like a title rather than part "
        "of the table, so it was left out."
    ) in data.notes


def test_empty_and_repeated_column_names_are_made_unique():
    data = read_pasted("Month\t\tFalls\tfalls\nJan\t1\t4\t5\nFeb\t2\t6\t7")
    assert list(data.frame.columns) == ["Month", "Column 2", "Falls", "falls (2)"]
    assert "1 column had no name and is now called 'Column 2'." in data.notes
    assert "Two columns are called 'falls'; the second is now 'falls (2)'." in (
        data.notes
    )


def test_a_quoted_cell_with_a_line_break_stays_one_cell():
    data = read_pasted('Note\tFalls\n"two\nlines"\t4\nok\t5')
    assert data.frame["Note"].tolist() == ["two\nlines", "ok"]
    assert data.frame["Falls"].tolist() == [4, 5]


def test_comma_separated_lines_and_a_column_of_thousands():
    assert list(read_pasted("Month,Falls\nJan,4\nFeb,6").frame.columns) == [
        "Month",
        "Falls",
    ]
    column = read_pasted("1,234\n2,345\n12").frame["Column 1"]
    assert column.tolist() == [1234, 2345, 12]


def test_semicolons_mean_decimal_commas():
    data = read_pasted("Ward;Rate\nA;3,5\nB;1.234,5")
    assert data.frame["Rate"].tolist() == [3.5, 1234.5]


def test_windows_line_endings_and_unicode_minus():
    data = read_pasted("Change\r\n\u22123\r\n2\r\n")
    assert data.frame["Change"].tolist() == [-3, 2]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "",
            "`paste`: is empty. Copy a column or a table in Excel, then paste it "
            "here (Ctrl+V).",
        ),
        ("  \n\t\n", "`paste`: is empty."),
        (
            "Month\tFalls\n",
            "`paste`: the pasted data has column names but no rows "
            "of data. Copy (or save) the rows under the names too.",
        ),
    ],
)
def test_nothing_to_read_is_a_clear_message(text, message):
    with pytest.raises(InputError) as raised:
        read_pasted(text)
    assert str(raised.value).startswith(message)


def test_pasting_something_that_is_not_text():
    with pytest.raises(InputError, match="`paste`: must be text"):
        read_pasted(None)


def test_too_many_rows_is_refused(monkeypatch):
    monkeypatch.setattr(_files, "MAX_ROWS", 5)
    with pytest.raises(InputError, match=r"has 6 rows \(the limit is 5\)"):
        read_pasted("\n".join(str(i) for i in range(6)))


@given(st.text(max_size=300))
def test_any_pasted_text_is_read_or_explained(text):
    try:
        data = read_pasted(text)
    except InputError as error:
        assert str(error).startswith("`paste`:")
    else:
        assert len(data.frame) >= 1 and all(isinstance(n, str) for n in data.notes)


@given(
    st.lists(
        st.lists(
            st.one_of(
                st.integers(-5000, 5000).map(str),
                st.floats(-1e6, 1e6, allow_nan=False).map(lambda v: f"{v:,.2f}"),
                st.sampled_from(["", "n/a", "-", "85%", "£1,200", "01/02/2024"]),
                st.text(max_size=8),
            ),
            min_size=1,
            max_size=4,
        ),
        min_size=1,
        max_size=12,
    )
)
def test_any_grid_of_excel_cells_is_read_or_explained(grid):
    text = "\n".join("\t".join(row) for row in grid)
    try:
        read_pasted(text)
    except InputError as error:
        assert str(error).startswith("`paste`:")


# ---------------------------------------------------------------------- CSV files


def test_european_excel_csv_with_bom_semicolons_and_decimal_commas():
    content = (
        "\ufeffDate ;Rate\r\n01/04/2024;85,5\r\n;\r\n01/05/2024;90\r\n;\r\n".encode()
    )
    data = read_file(content, "rates.csv")
    assert list(data.frame.columns) == ["Date", "Rate"]
    assert data.frame["Rate"].tolist() == [85.5, 90.0]
    assert _dates(data.frame["Date"]) == ["2024-04-01", "2024-05-01"]
    assert data.source == "'rates.csv'"
    assert data.notes[0] == (
        "'rates.csv' is separated by semicolons, as Excel writes CSV in much of "
        "Europe, so a comma in a number is read as a decimal point (3,5 is 3.5)."
    )
    assert "1 blank row was left out." in data.notes


def test_windows_1252_csv_from_excel_keeps_pounds_and_accents():
    content = "Service,Cost\nCafé,£1,200\nHome care,£80\n".encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    data = read_file(content, "costs.csv")
    assert data.frame["Service"].tolist() == ["Café", "Home care"]
    assert data.notes[0] == (
        "'costs.csv' is not in UTF-8; it was read as Windows-1252 (how Excel on "
        "Windows saves CSV), so £ and accents are kept."
    )


def test_quoted_thousands_in_a_comma_csv():
    data = read_file(b'Month,Bed days\nJan,"1,234"\nFeb,"12,001"\n', "beds.csv")
    assert data.frame["Bed days"].tolist() == [1234, 12001]


def test_excel_unicode_text_is_utf16_tab_separated():
    content = "Month\tFalls\r\nJan\t4\r\nFeb\t6\r\n".encode("utf-16")
    data = read_file(content, "falls.txt")
    assert data.frame["Falls"].tolist() == [4, 6]
    assert data.notes[0].startswith("'falls.txt' is in UTF-16")


def test_a_text_file_with_nul_bytes_is_not_a_table():
    with pytest.raises(InputError) as raised:
        read_file(b"Month,Falls\n\x00\x00\x01\x02", "falls.csv")
    assert str(raised.value) == (
        "`upload`: 'falls.csv' is not a text table (it may be damaged, or another "
        "kind of file renamed). Open it in Excel and save it again as CSV (or .xlsx)."
    )


# ---------------------------------------------------------------------- workbooks


def test_workbook_first_sheet_with_percentages_dates_and_title_row():
    rows = [
        ["Ward 6 infection audit"],
        [],
        ["Month ", "Compliance", "Audits"],
        [dt.datetime(2024, 1, 1), 0.85, 20],
        [dt.datetime(2024, 2, 1), 0.9, 1200],
        [None, None, None],
    ]
    content = _workbook(
        {"Audit": rows, "Notes": [["free text"]]},
        {("Audit", "B4"): "0%", ("Audit", "B5"): "0.0%"},
    )
    data = read_file(content, "audit.xlsx")
    frame = data.frame
    assert list(frame.columns) == ["Month", "Compliance", "Audits"]
    assert _dates(frame["Month"]) == ["2024-01-01", "2024-02-01"]
    assert frame["Compliance"].tolist() == [85.0, 90.0]
    assert frame["Audits"].tolist() == [20, 1200]
    assert (data.sheet, data.sheets) == ("Audit", ("Audit", "Notes"))
    assert data.percent_columns == ("Compliance",)
    assert data.notes[0] == (
        "The workbook has 2 worksheets; this is 'Audit'. The others are 'Notes': "
        "choose one to read it instead."
    )
    assert (
        "The first row, 'Ward 6 infection audit', looks like a title rather than "
        "part of the table, so it was left out."
    ) in data.notes
    assert (
        "'Compliance' is shown as percentages in Excel; it was read as percentages "
        "(85% is 85, not 0.85)."
    ) in data.notes


def test_workbook_sheet_by_name_or_position():
    content = _workbook({"One": [["a"], [1]], "Two data": [["b"], [2], [3]]})
    assert read_file(content, "x.xlsx", sheet=" two DATA").frame["b"].tolist() == [
        2,
        3,
    ]
    assert read_file(content, "x.xlsx", sheet=1).sheet == "Two data"
    assert list_sheets(content, "x.xlsx") == ["One", "Two data"]


@pytest.mark.parametrize(
    ("sheet", "message"),
    [
        (
            "Tow data",
            "`sheet`: is not a worksheet of 'x.xlsx' (got 'Tow data'). Did "
            "you mean 'Two data'? Choose one of: 'One' and 'Two data'.",
        ),
        (
            5,
            "`sheet`: 'x.xlsx' has 2 worksheets (got 5). Choose one of: 'One' and "
            "'Two data'.",
        ),
    ],
)
def test_an_unknown_sheet_is_a_clear_message(sheet, message):
    content = _workbook({"One": [["a"], [1]], "Two data": [["b"], [2]]})
    with pytest.raises(InputError) as raised:
        read_file(content, "x.xlsx", sheet=sheet)
    assert str(raised.value) == message


# ---------------------------------------------------------------- wrong or damaged


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "falls.xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
            "`upload`: 'falls.xls' is an old Excel workbook (.xls). In Excel choose "
            "File, Save As, and save it as an Excel Workbook (.xlsx) or as CSV.",
        ),
        (
            "falls.xlsx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
            "`upload`: 'falls.xlsx' is an old Excel workbook (.xls).",
        ),
        (
            "falls.xlsx",
            b"PK\x03\x04 this zip was cut short",
            "`upload`: 'falls.xlsx' is not a readable Excel workbook (it may be "
            "damaged, or another kind of file renamed). Open it in Excel, save it "
            "again as .xlsx, and upload that copy; or save it as CSV.",
        ),
        (
            "chart.xlsx",
            b"\x89PNG\r\n\x1a\n....",
            "`upload`: 'chart.xlsx' is not a readable Excel workbook",
        ),
        (
            "report.pdf",
            b"%PDF-1.7",
            "`upload`: 'report.pdf' is a PDF. Upload the spreadsheet the numbers came "
            "from, or paste them.",
        ),
        (
            "report.csv",
            b"%PDF-1.7 ...",
            "`upload`: 'report.csv' is not text, although its name ends in .csv (it "
            "looks like a spreadsheet or a PDF). Save the data as CSV (or .xlsx) and "
            "upload that file.",
        ),
        (
            "data.csv",
            b"",
            "`upload`: 'data.csv' is empty (0 bytes). Check that the file was saved, "
            "then upload it again.",
        ),
        (
            "notes.rtf",
            b"{\\rtf1}",
            "`upload`: 'notes.rtf' is not a file type this page reads. Upload a file "
            "ending in .csv, .tsv, .txt, .xlsm or .xlsx.",
        ),
        ("falls", b"1,2", "`upload`: 'falls' is not a file type this page reads."),
    ],
)
def test_wrong_or_damaged_files_are_clear_messages(name, content, message):
    with pytest.raises(InputError) as raised:
        read_file(content, name)
    assert str(raised.value).startswith(message)


def test_a_workbook_that_is_a_zip_but_not_excel():
    buffer = io.BytesIO()
    with __import__("zipfile").ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    with pytest.raises(InputError) as raised:
        read_file(buffer.getvalue(), "falls.xlsx")
    assert str(raised.value).startswith(
        "`upload`: 'falls.xlsx' could not be opened as an Excel workbook (it may be "
        "damaged, or protected by a password)."
    )


def test_a_file_over_the_limit_is_refused():
    with pytest.raises(InputError) as raised:
        check_upload("big.csv", b"1\n" * 600, max_bytes=1000)
    assert str(raised.value) == (
        "`upload`: 'big.csv' is too large (1 KB; the limit is 1,000 bytes). Upload "
        "only the rows and columns you want to chart, or paste them."
    )
    assert MAX_UPLOAD_BYTES == 10 * 1024 * 1024


# ---------------------------------------------------------------------- uploads


def test_read_upload_takes_ipywidgets_8_values():
    value = (
        {
            "name": "falls.csv",
            "type": "text/csv",
            "size": 21,
            "content": memoryview(b"Month,Falls\nJan,4\nFeb,6\n"),
            "last_modified": dt.datetime(2024, 1, 1),
        },
    )
    assert read_upload(value).frame["Falls"].tolist() == [4, 6]


def test_uploaded_file_accepts_ipywidgets_7_and_pairs():
    assert uploaded_file({"a.csv": {"content": b"x"}}) == ("a.csv", b"x")
    assert uploaded_file(("a.csv", bytearray(b"x"))) == ("a.csv", b"x")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            (),
            "`upload`: no file was chosen. Choose a file, then wait until the "
            "button shows (1).",
        ),
        (
            ({"name": "a.csv", "content": b"1"}, {"name": "b.csv", "content": b"2"}),
            "`upload`: 2 files were chosen. Choose one file at a time.",
        ),
        (
            ({"content": b"1"},),
            "`upload`: the upload could not be read. Choose the file again.",
        ),
    ],
)
def test_upload_problems(value, message):
    with pytest.raises(InputError) as raised:
        uploaded_file(value)
    assert str(raised.value) == message


def test_upload_text_reads_a_project_file():
    payload = json.dumps({"qikit_project": 1, "aim": "Fewer falls — by 50%"})
    name, text = upload_text(("ward6.qiproj.json", payload.encode("utf-8")))
    assert name == "ward6.qiproj.json" and json.loads(text)["aim"].endswith("50%")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "ward6.csv",
            b"{}",
            "`upload`: 'ward6.csv' is not a file type this page "
            "reads. Upload a file ending in .json or .qiproj.json.",
        ),
        (
            "ward6.qiproj.json",
            b"\xff\xfe\x00\x00",
            "`upload`: 'ward6.qiproj.json' is not a text file (it may be damaged). "
            "Upload the file qikit saved, unchanged.",
        ),
        (
            "ward6.qiproj.json",
            b"{\x00}",
            "`upload`: 'ward6.qiproj.json' is not a text file (it may be damaged).",
        ),
    ],
)
def test_upload_text_refuses_what_is_not_a_project_file(name, content, message):
    with pytest.raises(InputError) as raised:
        upload_text((name, content))
    assert str(raised.value).startswith(message)


# ---------------------------------------------------------------------- downloads


def _href_bytes(html: str) -> bytes:
    found = re.search(r'href="data:([^;]+);base64,([^"]+)"', html)
    assert found, html
    return base64.b64decode(found.group(2))


def test_download_link_carries_the_file():
    content = b"Month,Falls\nJan,4\n"
    html = download_link(content, "Ward 6: falls <2024>.csv", label="Download data")
    assert _href_bytes(html) == content
    assert 'download="ward-6-falls-2024.csv"' in html
    assert 'href="data:text/csv;base64,' in html
    assert html.endswith(">Download data (CSV table, 18 bytes)</a>")


@pytest.mark.parametrize(
    ("filename", "mime", "words"),
    [
        ("chart.png", "image/png", "PNG image"),
        ("chart.svg", "image/svg+xml", "SVG image"),
        ("ward6.qiproj.json", "application/json", "qikit project file"),
        (
            "all.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "Excel workbook",
        ),
        ("odd.bin", "application/octet-stream", "BIN"),
    ],
)
def test_download_link_kinds(filename, mime, words):
    html = download_link(b"x", filename)
    assert f"data:{mime};base64," in html and f"({words}, 1 byte)" in html


def test_download_link_refuses_what_a_page_cannot_carry():
    with pytest.raises(InputError) as raised:
        download_link(b"x" * 2048, "big.csv", max_bytes=1024)
    assert str(raised.value) == (
        "`download`: 'big.csv' is too large to download from the page (2 KB; the "
        "limit is 1 KB). Download a smaller part, such as one measure or one year."
    )


def test_csv_bytes_round_trip_through_read_file():
    frame = pd.DataFrame(
        {
            "Month": pd.to_datetime(["2024-01-01", "2024-02-01"]),
            "Cost": [1.5, 2.0],
            "Service": ["Café", "Home care"],
        }
    )
    content = csv_bytes(frame)
    assert content.startswith(b"\xef\xbb\xbf") and b"2024-01-01" in content
    back = read_file(content, "x.csv").frame
    assert back["Service"].tolist() == ["Café", "Home care"]
    assert _dates(back["Month"]) == ["2024-01-01", "2024-02-01"]


def test_xlsx_bytes_round_trip_with_safe_unique_sheet_names():
    content = xlsx_bytes(
        {
            "Falls: ward 6/7": pd.DataFrame({"Falls": [4, 6]}),
            "falls ward 67": pd.DataFrame({"Falls": [1]}),
            "": pd.DataFrame({"x": [1]}),
        }
    )
    assert list_sheets(content, "x.xlsx") == [
        "Falls ward 67",
        "falls ward 67 2",
        "Sheet 3",
    ]
    assert read_file(content, "x.xlsx").frame["Falls"].tolist() == [4, 6]
    assert xlsx_bytes(pd.DataFrame({"a": [1]}))[:2] == b"PK"


def test_figure_bytes():
    fig = Figure(figsize=(2, 1))
    fig.add_subplot().plot([1, 2])
    assert figure_bytes(fig)[:4] == b"\x89PNG"
    assert b"<svg" in figure_bytes(fig, "svg")
    with pytest.raises(InputError) as raised:
        figure_bytes(fig, "jpeg")
    assert str(raised.value) == (
        "`fmt`: is not a picture format qikit saves (got 'jpeg'). Use 'png' or 'svg'."
    )


def test_json_bytes_writes_dates_and_numpy_numbers():
    content = json_bytes({"when": dt.date(2024, 4, 1), "n": np.int64(3), "é": "£"})
    assert json.loads(content) == {"when": "2024-04-01", "n": 3, "é": "£"}
    with pytest.raises(TypeError):
        json_bytes({"x": object()})
