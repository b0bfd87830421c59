"""What check_npz.py and check_onnx.py share: the failure type and the
comparison of computed outputs with the engine's (1e-5 relative, near-zero
values judged against their column's largest magnitude)."""

import numpy as np

RTOL = 1e-5
FLOOR = 1e-3


class CheckError(Exception):
    pass


def require(cond, msg):
    if not cond:
        raise CheckError(msg)


def compare(got, expected, what):
    require(got.shape == expected.shape, f"{what}: shape {got.shape}, expected {expected.shape}")
    scale = np.maximum(np.abs(expected), np.maximum(FLOOR, np.abs(expected).max(axis=0, keepdims=True)))
    allowed = RTOL * scale
    err = np.abs(got - expected)
    bad = np.argwhere(~(err <= allowed))
    if len(bad):
        r, c = bad[0]
        raise CheckError(f"{what}: mismatch at {len(bad)} of {expected.size} values; first at "
                         f"[{r}, {c}]: got {got[r, c]:.9g}, expected {expected[r, c]:.9g} "
                         f"(allowed {allowed[r, c]:.3g}); worst relative error "
                         f"{np.max(err / scale):.3g}")
    return float(np.max(err / scale))
