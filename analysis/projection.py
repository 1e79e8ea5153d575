from functools import lru_cache

import numpy as np
from pyproj import Transformer


@lru_cache(maxsize=2)
def _transformer(inverse: bool) -> Transformer:
    source, target = ("EPSG:3006", "EPSG:4326") if inverse else ("EPSG:4326", "EPSG:3006")
    return Transformer.from_crs(source, target, always_xy=True)


def to_sweref99tm(lat, lon) -> tuple[np.ndarray, np.ndarray]:
    """WGS84 latitude/longitude -> SWEREF 99 TM easting/northing in metres."""
    x, y = _transformer(False).transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return np.asarray(x), np.asarray(y)


def to_wgs84(x, y) -> tuple[np.ndarray, np.ndarray]:
    """SWEREF 99 TM easting/northing -> WGS84 latitude, longitude."""
    lon, lat = _transformer(True).transform(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
    return np.asarray(lat), np.asarray(lon)
