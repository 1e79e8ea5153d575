"""Situation-picture analysis: pure numpy/scipy functions, no Django inside.

Coordinates go in as WGS84 latitude/longitude and are projected to SWEREF 99 TM (EPSG:3006),
a metric projection, so grid cells and bandwidths are in metres.
"""
