#include "nnplay/idx_reader.hpp"

#include <zlib.h>

#include <filesystem>

namespace nnplay {

namespace {

std::uint32_t bigEndian32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         std::uint32_t{p[3]};
}

std::string findFile(const std::string& dir, const std::string& stem) {
  for (const std::string& name : {stem, stem + ".gz"}) {
    const auto p = std::filesystem::path(dir) / name;
    if (std::filesystem::is_regular_file(p)) return p.string();
  }
  throw DataError(dir + ": no " + stem + " (or " + stem +
                  ".gz); expected the four MNIST-format files");
}

}  // namespace

IdxArray parseIdx(std::span<const std::uint8_t> bytes, const std::string& source,
                  std::size_t maxBytes) {
  if (bytes.size() < 4) throw DataError(source + ": too short for an IDX header (4 bytes)");
  if (bytes[0] != 0 || bytes[1] != 0) {
    throw DataError(source + ": not an IDX file (the first two bytes must be 0)");
  }
  if (bytes[2] != 0x08) {
    throw DataError(source + ": IDX data type 0x" + std::to_string(bytes[2]) +
                    " is not supported; expected 0x08 (unsigned bytes)");
  }
  const int ndims = bytes[3];
  if (ndims < 1 || ndims > 4) {
    throw DataError(source + ": IDX header has " + std::to_string(ndims) +
                    " dimensions; expected 1 to 4");
  }
  const std::size_t header = 4 + 4 * static_cast<std::size_t>(ndims);
  if (bytes.size() < header) throw DataError(source + ": truncated IDX header");
  IdxArray a;
  std::size_t count = 1;
  for (int i = 0; i < ndims; ++i) {
    const std::uint32_t d = bigEndian32(bytes.data() + 4 + 4 * i);
    if (d == 0) throw DataError(source + ": dimension " + std::to_string(i + 1) + " is 0");
    a.dims.push_back(d);
    if (count > maxBytes / d) {
      throw DataError(source + ": header asks for more than " + std::to_string(maxBytes >> 20) +
                      " MiB of data");
    }
    count *= d;
  }
  if (bytes.size() - header != count) {
    throw DataError(source + ": header says " + std::to_string(count) +
                    " bytes of data but the file has " + std::to_string(bytes.size() - header));
  }
  a.data.assign(bytes.begin() + static_cast<std::ptrdiff_t>(header), bytes.end());
  return a;
}

std::vector<std::uint8_t> gunzip(std::span<const std::uint8_t> bytes, const std::string& source,
                                 std::size_t maxBytes) {
  if (bytes.size() < 18 || bytes[0] != 0x1f || bytes[1] != 0x8b) {
    throw DataError(source + ": not a gzip file");
  }
  // ISIZE, the last four bytes: the uncompressed length (mod 2^32).
  const std::uint8_t* t = bytes.data() + bytes.size() - 4;
  const std::size_t size = std::size_t{t[0]} | (std::size_t{t[1]} << 8) |
                           (std::size_t{t[2]} << 16) | (std::size_t{t[3]} << 24);
  if (size > maxBytes) {
    throw DataError(source + ": would inflate to " + std::to_string(size >> 20) +
                    " MiB; the limit is " + std::to_string(maxBytes >> 20) + " MiB");
  }
  std::vector<std::uint8_t> out(size + 1);  // one spare byte detects a lying trailer
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) throw DataError(source + ": zlib init failed");
  zs.next_in = const_cast<Bytef*>(bytes.data());
  zs.avail_in = static_cast<uInt>(bytes.size());
  zs.next_out = out.data();
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = inflate(&zs, Z_FINISH);
  const std::size_t produced = out.size() - zs.avail_out;
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) {
    throw DataError(source + ": corrupt or truncated gzip data (" +
                    (rc == Z_BUF_ERROR && produced == out.size()
                         ? std::string("larger than its trailer says")
                         : std::string(zs.msg ? zs.msg : "inflate failed")) +
                    ")");
  }
  if (produced != size) {
    throw DataError(source + ": gzip trailer says " + std::to_string(size) + " bytes, got " +
                    std::to_string(produced));
  }
  out.resize(size);
  return out;
}

IdxArray readIdxFile(const std::string& path) {
  const std::string raw = readFileLimited(path, kMaxIdxBytes);
  const std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t*>(raw.data()),
                                            raw.size());
  if (bytes.size() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b) {
    const std::vector<std::uint8_t> inflated = gunzip(bytes, path);
    return parseIdx(inflated, path);
  }
  return parseIdx(bytes, path);
}

namespace {

Dataset imagesWithLabels(const std::string& imagesPath, const std::string& labelsPath,
                         int& imageRows, int& imageCols) {
  IdxArray images = readIdxFile(imagesPath);
  const IdxArray labels = readIdxFile(labelsPath);
  if (images.dims.size() != 3) {
    throw DataError(imagesPath + ": expected 3 dimensions (count x rows x cols), got " +
                    std::to_string(images.dims.size()));
  }
  if (labels.dims.size() != 1) {
    throw DataError(labelsPath + ": expected 1 dimension (count), got " +
                    std::to_string(labels.dims.size()));
  }
  if (labels.dims[0] != images.dims[0]) {
    throw DataError(labelsPath + ": " + std::to_string(labels.dims[0]) + " labels for " +
                    std::to_string(images.dims[0]) + " images in " + imagesPath);
  }
  imageRows = static_cast<int>(images.dims[1]);
  imageCols = static_cast<int>(images.dims[2]);
  Dataset d;
  d.task = Task::Classification;
  d.pixelColumns = imageRows * imageCols;
  d.pixels = std::move(images.data);
  d.y.resize(static_cast<Eigen::Index>(labels.dims[0]), 1);
  int maxLabel = 0;
  for (std::size_t i = 0; i < labels.data.size(); ++i) {
    d.y(static_cast<Eigen::Index>(i), 0) = labels.data[i];
    maxLabel = std::max<int>(maxLabel, labels.data[i]);
  }
  d.classes = std::max(2, maxLabel + 1);
  d.targetName = "label";
  return d;
}

}  // namespace

IdxDataset loadIdxDirectory(const std::string& dir) {
  if (!std::filesystem::is_directory(dir)) throw DataError(dir + ": not a folder");
  IdxDataset r;
  r.train = imagesWithLabels(findFile(dir, "train-images-idx3-ubyte"),
                             findFile(dir, "train-labels-idx1-ubyte"), r.imageRows, r.imageCols);
  int testRows = 0, testCols = 0;
  r.test = imagesWithLabels(findFile(dir, "t10k-images-idx3-ubyte"),
                            findFile(dir, "t10k-labels-idx1-ubyte"), testRows, testCols);
  if (testRows != r.imageRows || testCols != r.imageCols) {
    throw DataError(dir + ": test images are " + std::to_string(testRows) + "x" +
                    std::to_string(testCols) + " but training images are " +
                    std::to_string(r.imageRows) + "x" + std::to_string(r.imageCols));
  }
  const int classes = std::max(r.train.classes, r.test.classes);
  const bool fashion = dir.find("fashion") != std::string::npos;
  static const char* kFashion[] = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                   "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
  std::vector<std::string> names;
  for (int c = 0; c < classes; ++c) {
    names.push_back(fashion && classes == 10 ? kFashion[c] : std::to_string(c));
  }
  for (Dataset* d : {&r.train, &r.test}) {
    d->classes = classes;
    d->classNames = names;
  }
  return r;
}

}  // namespace nnplay
