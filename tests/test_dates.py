"""parse_vn_date and the year rules for dates printed without a year."""

from __future__ import annotations

import pytest

from directive_parser.dates import latest_year_date, nearest_year_date, parse_vn_date


@pytest.mark.parametrize(
    ("printed", "iso"),
    [
        ("Q. Hai Bà Trưng, ngày 02 tháng 11 năm 2021", "2021-11-02"),
        ("Hà Đông, ngày 2 tháng 9 năm 2021", "2021-09-02"),
        ("02/11/2021", "2021-11-02"),
        ("2-11-2021", "2021-11-02"),
        ("ngày 01-10-1997", "1997-10-01"),
        ("01.10.2021", "2021-10-01"),
        ("Hà Nội, ngày 20\ntháng 11 năm 2025", "2025-11-20"),
        ("ngay 02 thang 11 nam 2021", "2021-11-02"),
        ("NGÀY 05 THÁNG 01 NĂM 2020", "2020-01-05"),
        ("ngày **04/9/2021**", "2021-09-04"),
        ("Ngày ban hành: 20/11/2025", "2025-11-20"),
        ("ngày 31/2/2021", None),
        ("quý IV/2021", None),
        ("ngày 04/9", None),
        ("số 30/2020/NĐ-CP", None),
        ("", None),
    ],
)
def test_parse_vn_date(printed, iso):
    assert parse_vn_date(printed) == iso


@pytest.mark.parametrize(
    ("month", "day", "issued", "iso"),
    [
        (9, 4, "2021-08-30", "2021-09-04"),
        (2, 5, "2016-12-13", "2017-02-05"),
        (12, 28, "2022-01-05", "2021-12-28"),
        (9, 4, None, None),
    ],
)
def test_nearest_year_date(month, day, issued, iso):
    assert nearest_year_date(month, day, issued) == iso


def test_latest_year_date_is_never_after_issue():
    assert latest_year_date(12, 28, "2022-01-05") == "2021-12-28"
    assert latest_year_date(1, 3, "2022-01-05") == "2022-01-03"
