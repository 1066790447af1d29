"""The conda side, through py-rattler: repodata, solving, installing, host detection.

Only this package (and `lock/` for its oracle tests) imports `rattler`.
"""
