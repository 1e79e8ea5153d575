from functools import lru_cache

import numpy as np
from pyproj import Transformer


@lru_cache(maxsize=2)
def _transformer(inverse: bool) -> Transformer:
    source, target = ("EPSG:3006", "EPSG:4326") if inverse else ("EPSG:4326", "EPSG:3006")
    return Transformer.from_crs(source, target, always_xy=True)


def _transform(inverse: bool, a, b) -> tuple[np.ndarray, np.ndarray]:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.size == 1:
        # pyproj takes a one-element array for a scalar, which NumPy 2 deprecates; a list goes the array way.
        a, b = a.tolist(), b.tolist()
    first, second = _transformer(inverse).transform(a, b)
    return np.asarray(first, dtype=float), np.asarray(second, dtype=float)


def to_sweref99tm(lat, lon) -> tuple[np.ndarray, np.ndarray]:
    """WGS84 latitude/longitude -> SWEREF 99 TM easting/northing in metres."""
    return _transform(False, lon, lat)


def to_wgs84(x, y) -> tuple[np.ndarray, np.ndarray]:
    """SWEREF 99 TM easting/northing -> WGS84 latitude, longitude."""
    lon, lat = _transform(True, x, y)
    return lat, lon
