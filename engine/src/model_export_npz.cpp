// NumPy .npz export and import (see model_export.hpp), with libzip.
//
// Writing: libzip's zip_close() on a file already writes a temporary file and
// renames it, but does not flush it to disk first. So the archive is built in
// a libzip memory source instead and handed to writeFileAtomically(), which
// writes, fsyncs and renames, like every other file nnplay writes.
#include <zip.h>

#include <algorithm>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "layers/batch_norm_layer.hpp"
#include "model_export_common.hpp"
#include "nnplay/atomic_file.hpp"
#include "nnplay/csv_table.hpp"  // DataError
#include "nnplay/model_export.hpp"
#include "nnplay/parameter_names.hpp"
#include "npy_format.hpp"

namespace nnplay {

namespace {

struct NpyEntry {
  std::string name;   // without ".npy"
  std::string bytes;  // a whole .npy file
};

struct SourceFree {
  void operator()(zip_source_t* s) const { zip_source_free(s); }
};
struct ArchiveDiscard {
  void operator()(zip_t* z) const { zip_discard(z); }
};
using SourcePtr = std::unique_ptr<zip_source_t, SourceFree>;
using ArchivePtr = std::unique_ptr<zip_t, ArchiveDiscard>;

[[noreturn]] void zipFailure(const std::string& path, const std::string& what, zip_error_t* e) {
  const std::string msg = zip_error_strerror(e);
  zip_error_fini(e);
  throw DataError(path + ": " + what + " (" + msg + ")");
}

// The entries as the bytes of a zip archive (deflated members named NAME.npy).
std::string zipInMemory(const std::vector<NpyEntry>& entries, const std::string& path) {
  zip_error_t err;
  zip_error_init(&err);
  SourcePtr buffer(zip_source_buffer_create(nullptr, 0, 0, &err));
  if (!buffer) zipFailure(path, "cannot create an archive in memory", &err);
  ArchivePtr archive(zip_open_from_source(buffer.get(), ZIP_CREATE | ZIP_TRUNCATE, &err));
  if (!archive) zipFailure(path, "cannot create an archive in memory", &err);
  zip_source_keep(buffer.get());  // the archive took a reference; keep ours for reading back

  for (const NpyEntry& e : entries) {
    zip_source_t* s = zip_source_buffer(archive.get(), e.bytes.data(), e.bytes.size(), 0);
    if (!s || zip_file_add(archive.get(), (e.name + ".npy").c_str(), s, ZIP_FL_ENC_UTF_8) < 0) {
      if (s) zip_source_free(s);
      throw DataError(path + ": cannot add " + e.name + " (" + zip_strerror(archive.get()) + ")");
    }
  }
  if (zip_close(archive.get()) != 0) {
    throw DataError(path + ": cannot write the archive (" + zip_strerror(archive.get()) + ")");
  }
  archive.release();  // zip_close freed it

  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_source_stat(buffer.get(), &st) != 0 || zip_source_open(buffer.get()) != 0) {
    throw DataError(path + ": cannot read the archive back from memory (" +
                    zip_error_strerror(zip_source_error(buffer.get())) + ")");
  }
  std::string bytes(static_cast<std::size_t>(st.size), '\0');
  std::size_t done = 0;
  while (done < bytes.size()) {
    const zip_int64_t n = zip_source_read(buffer.get(), bytes.data() + done, bytes.size() - done);
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  zip_source_close(buffer.get());
  if (done != bytes.size()) throw DataError(path + ": cannot read the archive back from memory");
  return bytes;
}

bool isKind(const ParameterEntry& e, std::initializer_list<ArrayKind> kinds) {
  const std::optional<ParameterName> n = parseParameterName(e.name);
  return n && std::find(kinds.begin(), kinds.end(), n->kind) != kinds.end();
}

// Kernels are matrices; every other array is a vector.
npy::Shape expectedShape(const ParameterEntry& e) {
  if (isKind(e, {ArrayKind::Kernel})) {
    return {static_cast<std::size_t>(e.rows), static_cast<std::size_t>(e.cols)};
  }
  return {e.size()};
}

std::vector<std::string> activationNamesOf(const Network& net) {
  std::vector<std::string> names;
  for (const LayerSpec& l : net.spec().layers) names.emplace_back(activation(l.activation).name);
  return names;
}

// The first `bytes` bytes of one member of the archive; when they are the
// whole member, reads on to its end so that libzip checks the CRC.
std::string readMember(zip_t* z, zip_uint64_t index, std::size_t bytes, bool whole,
                       const std::string& where) {
  std::unique_ptr<zip_file_t, decltype(&zip_fclose)> f(zip_fopen_index(z, index, 0), &zip_fclose);
  if (!f) throw DataError(where + ": cannot open (" + zip_strerror(z) + ")");
  std::string out(bytes, '\0');
  std::size_t done = 0;
  while (done < bytes) {
    const zip_int64_t n = zip_fread(f.get(), out.data() + done, bytes - done);
    if (n < 0) throw DataError(where + ": cannot read (" + zip_file_strerror(f.get()) + ")");
    if (n == 0) throw DataError(where + ": ends early");
    done += static_cast<std::size_t>(n);
  }
  char extra = 0;
  if (whole && zip_fread(f.get(), &extra, 1) != 0) {
    throw DataError(where + ": cannot read (" + zip_file_strerror(f.get()) + ")");
  }
  return out;
}

// One array of the network from the archive, checked against its entry.
RowMatrix readArray(zip_t* z, const ParameterEntry& e, const std::string& path) {
  const npy::Shape want = expectedShape(e);
  const std::string where = path + ": array '" + e.name + "'";
  const zip_int64_t index = zip_name_locate(z, (e.name + ".npy").c_str(), 0);
  if (index < 0) {
    throw DataError(path + ": missing array '" + e.name + "' (the network expects shape " +
                    npy::shapeString(want) + ")");
  }
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(z, static_cast<zip_uint64_t>(index), 0, &st) != 0 ||
      !(st.valid & ZIP_STAT_SIZE)) {
    throw DataError(where + ": cannot read its size (" + zip_strerror(z) + ")");
  }
  // Header first (bounded), then the data once its shape is known to fit.
  const std::size_t headerBytes = std::min<std::size_t>(st.size, npy::kMaxHeaderBytes + 16);
  std::string head = readMember(z, static_cast<zip_uint64_t>(index), headerBytes, false, where);
  npy::Header h;
  try {
    h = npy::parseHeader(head);
    if (h.shape != want) {
      throw DataError("has shape " + npy::shapeString(h.shape) + "; the network expects " +
                      npy::shapeString(want));
    }
    const std::size_t need = h.dataOffset + e.size() * npy::floatItemSize(h.descr);
    if (st.size != need) {
      throw DataError("holds " + std::to_string(st.size) + " bytes; shape " +
                      npy::shapeString(h.shape) + " of " + h.descr + " needs " +
                      std::to_string(need));
    }
    const std::string file = readMember(z, static_cast<zip_uint64_t>(index), need, true, where);
    const std::vector<float> v = npy::decodeFloats(file, h);
    RowMatrix m(e.rows, e.cols);
    std::copy(v.begin(), v.end(), m.data());
    return m;
  } catch (const DataError& err) {
    if (std::string_view(err.what()).starts_with(where)) throw;
    throw DataError(where + " " + err.what());
  }
}

}  // namespace

void exportNpz(const Network& net, const InputTransform& t, const std::string& path) {
  detail::checkExportable(net, t);
  std::vector<NpyEntry> entries;
  const auto add = [&](std::string name, std::string bytes) {
    entries.push_back({std::move(name), std::move(bytes)});
  };
  const auto addFloats = [&](std::string name, const std::vector<float>& v, npy::Shape shape) {
    add(std::move(name), npy::encodeFloats(v, shape));
  };
  const auto addStrings = [&](std::string name, const std::vector<std::string>& s) {
    add(std::move(name), npy::encodeStrings(s, {s.size()}));
  };

  add("format", npy::encodeStrings({"nnplay-npz-1"}, {}));
  addStrings("activations", activationNamesOf(net));
  bool batchNorm = false;
  for (const ParameterEntry& e : net.parameterTable()) {
    addFloats(e.name, detail::values(net.array(e.name)), expectedShape(e));
    batchNorm = batchNorm || isKind(e, {ArrayKind::Gamma, ArrayKind::Beta, ArrayKind::RunningMean,
                                        ArrayKind::RunningVar});
  }
  if (batchNorm) addFloats("batchnorm/epsilon", {BatchNormLayer::kEpsilon}, {});

  addFloats("input/pixel_scale", {t.pixelScale}, {});
  if (!t.inputNames.empty()) addStrings("input/names", t.inputNames);
  if (!t.features.isIdentity()) addStrings("features/names", t.features.names({}));
  if (detail::scalesInputs(t)) {
    const npy::Shape s{t.scaler.offset.size()};
    addFloats("scaling/offset", t.scaler.offset, s);
    addFloats("scaling/factor", t.scaler.factor, s);
  }
  if (detail::scalesTargets(t)) {
    const npy::Shape s{t.targetScaler.offset.size()};
    addFloats("target_scaling/offset", t.targetScaler.offset, s);
    addFloats("target_scaling/factor", t.targetScaler.factor, s);
  }
  if (!t.outputNames.empty()) addStrings("output/names", t.outputNames);

  writeFileAtomically(path, zipInMemory(entries, path));
}

void importNpz(Network& net, const std::string& path) {
  int code = 0;
  ArchivePtr z(zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code));
  if (!z) {
    zip_error_t err;
    zip_error_init_with_code(&err, code);
    zipFailure(path, "cannot open as an .npz (zip) archive", &err);
  }
  // Everything is read and checked before the network is touched.
  std::vector<RowMatrix> arrays;
  for (const ParameterEntry& e : net.parameterTable())
    arrays.push_back(readArray(z.get(), e, path));
  for (std::size_t i = 0; i < arrays.size(); ++i)
    net.setArray(net.parameterTable()[i].name, arrays[i]);
}

}  // namespace nnplay
