#!/usr/bin/python3
"""Writes resources/datasets/digits/: the 1,797 handwritten 8x8 digits that
Debian's python3-sklearn ships, as an MNIST-format folder (four gzip-compressed
IDX files) that nnplay reads like Fashion-MNIST.

    apt-get install -y --no-install-recommends python3-sklearn
    /usr/bin/python3 resources/datasets/make_digits.py     # from the repository root

Only the standard library is used; scikit-learn is needed for its data file,
not imported. The output is the same bytes on every run:
  - pixels: 0..16 (ink count in a 4x4 block) scaled to 0..255 as
    floor((v * 255 + 8) / 16), i.e. v * 255 / 16 rounded half up (8 -> 128);
  - split: a Fisher-Yates shuffle driven by splitmix64 seeded with 42 (written
    out here, so no library's shuffle can change it); the first 1,347 shuffled
    digits train, the last 450 test;
  - gzip: level 9, no file name, mtime 0.
See README.md for the source, the licence and the expected SHA-256 sums.
"""
import csv
import gzip
import hashlib
import io
import os
import struct
import sys

SOURCE = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz"
SEED = 42
TRAIN = 1347
ROWS = COLS = 8
MASK = (1 << 64) - 1


def splitmix64(state):
    """Yields 64-bit numbers (Steele, Lea and Flood 2014; Vigna's reference constants)."""
    while True:
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        yield z ^ (z >> 31)


def shuffled(n, seed):
    """A permutation of range(n): Fisher-Yates from the back, j = draw mod (i + 1)."""
    order = list(range(n))
    draws = splitmix64(seed)
    for i in range(n - 1, 0, -1):
        j = next(draws) % (i + 1)  # modulo bias below 1e-16 for n < 2000: irrelevant here
        order[i], order[j] = order[j], order[i]
    return order


def read_digits(path):
    images, labels = [], []
    with gzip.open(path, "rt", encoding="ascii", newline="") as f:
        for line, row in enumerate(csv.reader(f), start=1):
            values = [int(v) for v in row]
            if len(values) != ROWS * COLS + 1:
                sys.exit(f"{path}:{line}: expected 65 values, got {len(values)}")
            pixels, label = values[:-1], values[-1]
            if not all(0 <= v <= 16 for v in pixels) or not 0 <= label <= 9:
                sys.exit(f"{path}:{line}: pixel outside 0..16 or label outside 0..9")
            images.append(bytes((v * 255 + 8) // 16 for v in pixels))
            labels.append(label)
    if len(images) != 1797:
        sys.exit(f"{path}: expected 1797 digits, got {len(images)}")
    return images, labels


def idx_images(images):
    return struct.pack(">IIII", 0x00000803, len(images), ROWS, COLS) + b"".join(images)


def idx_labels(labels):
    return struct.pack(">II", 0x00000801, len(labels)) + bytes(labels)


def write_gzip(path, payload):
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=buf, mtime=0) as g:
        g.write(payload)
    with open(path + ".tmp", "wb") as f:
        f.write(buf.getvalue())
    os.replace(path + ".tmp", path)
    print(f"{hashlib.sha256(buf.getvalue()).hexdigest()}  {os.path.basename(path)}"
          f"  (uncompressed {len(payload)} bytes, SHA-256 {hashlib.sha256(payload).hexdigest()})")


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else SOURCE
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "digits")
    images, labels = read_digits(source)
    order = shuffled(len(images), SEED)
    train, test = order[:TRAIN], order[TRAIN:]
    os.makedirs(out, exist_ok=True)
    for name, rows in (("train", train), ("t10k", test)):
        write_gzip(os.path.join(out, f"{name}-images-idx3-ubyte.gz"),
                   idx_images([images[i] for i in rows]))
        write_gzip(os.path.join(out, f"{name}-labels-idx1-ubyte.gz"),
                   idx_labels([labels[i] for i in rows]))
        counts = [sum(1 for i in rows if labels[i] == d) for d in range(10)]
        print(f"{name}: {len(rows)} digits, per class 0-9: {counts}")


if __name__ == "__main__":
    main()
