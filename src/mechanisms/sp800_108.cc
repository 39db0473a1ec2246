// CKM_SP800_108_COUNTER_KDF: the SP 800-108 KDF in counter mode with
// HMAC or AES-CMAC as PRF. PKCS#11 describes the PRF input as an ordered
// list of data parameters (counter, DKM length, byte arrays) that may come
// in any order, which is more general than OpenSSL's KBKDF, so the loop is
// written here over the crypto layer's keyed PRF.
//
// Not supported: additional derived keys (ulAdditionalDerivedKeys must be
// 0) and CK_SP800_108_KEY_HANDLE data parameters; both give
// CKR_MECHANISM_PARAM_INVALID.
#include <algorithm>
#include <array>
#include <optional>
#include <vector>

#include "crypto/kdf.h"
#include "mechanisms/hmac_keys.h"
#include "mechanisms/kdf_family.h"
#include "mechanisms/registry.h"

namespace craton::mech {
namespace {

constexpr CK_ULONG kMaxDataParams = 64;

// One element of the PRF input, in caller order.
struct Segment {
  enum class Kind { kCounter, kDkm, kBytes } kind;
  ByteView bytes;              // kBytes
  bool little_endian = false;  // kCounter, kDkm
  std::size_t width_bytes = 0;
};

struct CounterKdfParams {
  std::vector<Segment> segments;
  std::size_t counter_index = 0;
  std::optional<CK_SP800_108_DKM_LENGTH_METHOD> dkm_method;
};

bool valid_bool(CK_BBOOL b) { return b == CK_TRUE || b == CK_FALSE; }

Result<Segment> parse_counter(const CK_PRF_DATA_PARAM& d) {
  if (d.pValue == nullptr || d.ulValueLen != sizeof(CK_SP800_108_COUNTER_FORMAT))
    return err(CKR_MECHANISM_PARAM_INVALID);
  const auto* f = static_cast<const CK_SP800_108_COUNTER_FORMAT*>(d.pValue);
  if (!valid_bool(f->bLittleEndian)) return err(CKR_MECHANISM_PARAM_INVALID);
  if (f->ulWidthInBits != 8 && f->ulWidthInBits != 16 && f->ulWidthInBits != 24 && f->ulWidthInBits != 32)
    return err(CKR_MECHANISM_PARAM_INVALID);
  return Segment{Segment::Kind::kCounter, {}, f->bLittleEndian == CK_TRUE, f->ulWidthInBits / 8};
}

Result<Segment> parse_dkm(const CK_PRF_DATA_PARAM& d, CK_SP800_108_DKM_LENGTH_METHOD* method) {
  if (d.pValue == nullptr || d.ulValueLen != sizeof(CK_SP800_108_DKM_LENGTH_FORMAT))
    return err(CKR_MECHANISM_PARAM_INVALID);
  const auto* f = static_cast<const CK_SP800_108_DKM_LENGTH_FORMAT*>(d.pValue);
  if (!valid_bool(f->bLittleEndian)) return err(CKR_MECHANISM_PARAM_INVALID);
  if (f->dkmLengthMethod != CK_SP800_108_DKM_LENGTH_SUM_OF_KEYS &&
      f->dkmLengthMethod != CK_SP800_108_DKM_LENGTH_SUM_OF_SEGMENTS)
    return err(CKR_MECHANISM_PARAM_INVALID);
  if (f->ulWidthInBits == 0 || f->ulWidthInBits > 64 || f->ulWidthInBits % 8 != 0)
    return err(CKR_MECHANISM_PARAM_INVALID);
  *method = f->dkmLengthMethod;
  return Segment{Segment::Kind::kDkm, {}, f->bLittleEndian == CK_TRUE, f->ulWidthInBits / 8};
}

Result<CounterKdfParams> parse_data_params(const CK_SP800_108_KDF_PARAMS& p) {
  if (p.ulNumberOfDataParams == 0 || p.ulNumberOfDataParams > kMaxDataParams || p.pDataParams == nullptr)
    return err(CKR_MECHANISM_PARAM_INVALID);
  CounterKdfParams out;
  bool have_counter = false;
  for (CK_ULONG i = 0; i < p.ulNumberOfDataParams; ++i) {
    const CK_PRF_DATA_PARAM& d = p.pDataParams[i];
    if (d.type == CK_SP800_108_ITERATION_VARIABLE) {
      if (have_counter) return err(CKR_MECHANISM_PARAM_INVALID);
      TRY_ASSIGN(Segment s, parse_counter(d));
      have_counter = true;
      out.counter_index = out.segments.size();
      out.segments.push_back(s);
    } else if (d.type == CK_SP800_108_DKM_LENGTH) {
      if (out.dkm_method) return err(CKR_MECHANISM_PARAM_INVALID);
      CK_SP800_108_DKM_LENGTH_METHOD method = 0;
      TRY_ASSIGN(Segment s, parse_dkm(d, &method));
      out.dkm_method = method;
      out.segments.push_back(s);
    } else if (d.type == CK_SP800_108_BYTE_ARRAY) {
      if (d.pValue == nullptr || d.ulValueLen == 0) return err(CKR_MECHANISM_PARAM_INVALID);
      out.segments.push_back(
          Segment{Segment::Kind::kBytes, ByteView(static_cast<const std::uint8_t*>(d.pValue), d.ulValueLen)});
    } else {
      // CK_SP800_108_OPTIONAL_COUNTER is a feedback/pipeline-mode element;
      // CK_SP800_108_KEY_HANDLE is not supported.
      return err(CKR_MECHANISM_PARAM_INVALID);
    }
  }
  if (!have_counter) return err(CKR_MECHANISM_PARAM_INVALID);  // counter mode needs its counter
  return out;
}

// Big- or little-endian encoding of `value` in `width` bytes.
void encode(std::uint64_t value, const Segment& s, std::uint8_t* out) {
  for (std::size_t i = 0; i < s.width_bytes; ++i) {
    const auto byte = static_cast<std::uint8_t>(value >> (8 * i));
    out[s.little_endian ? i : s.width_bytes - 1 - i] = byte;
  }
}

bool fits(std::uint64_t value, std::size_t width_bytes) {
  return width_bytes >= 8 || value < (std::uint64_t{1} << (8 * width_bytes));
}

// The PRF keyed with the base key, after checking the key suits the PRF.
Result<crypto::KdfPrf> make_prf(CK_MECHANISM_TYPE prf_type, const objects::ObjectData& key) {
  const ByteView value = key.attrs.view(CKA_VALUE);
  if (prf_type == CKM_AES_CMAC) {
    if (key.object_class() != CKO_SECRET_KEY || key.key_type() != CKK_AES) return err(CKR_KEY_TYPE_INCONSISTENT);
    if (value.size() != 16 && value.size() != 24 && value.size() != 32) return err(CKR_KEY_SIZE_RANGE);
    return crypto::KdfPrf::aes_cmac(value);
  }
  const auto info = hmac_mechanism_info(prf_type);
  if (!info || info->general) return err(CKR_MECHANISM_PARAM_INVALID);
  TRY_STATUS(check_hmac_key(key, *info));
  return crypto::KdfPrf::hmac(info->alg, value);
}

Status run_counter_kdf(const crypto::KdfPrf& prf, const CounterKdfParams& params, std::size_t wanted_len,
                       MutableByteView out) {
  const std::size_t h = prf.size();
  const std::size_t blocks = (wanted_len + h - 1) / h;
  const Segment& counter = params.segments[params.counter_index];
  if (!fits(blocks, counter.width_bytes)) return err(CKR_KEY_SIZE_RANGE);
  // [L]: bits of this one key, or of all PRF output segments.
  const std::uint64_t dkm_bits =
      8 * static_cast<std::uint64_t>(params.dkm_method == CK_SP800_108_DKM_LENGTH_SUM_OF_SEGMENTS ? blocks * h
                                                                                                  : wanted_len);
  std::array<std::uint8_t, 8> dkm_buf{};
  std::array<std::uint8_t, 4> ctr_buf{};
  std::vector<ByteView> parts;
  parts.reserve(params.segments.size());
  for (const Segment& s : params.segments) {
    if (s.kind == Segment::Kind::kDkm) {
      if (!fits(dkm_bits, s.width_bytes)) return err(CKR_KEY_SIZE_RANGE);
      encode(dkm_bits, s, dkm_buf.data());
      parts.emplace_back(dkm_buf.data(), s.width_bytes);
    } else if (s.kind == Segment::Kind::kCounter) {
      parts.emplace_back(ctr_buf.data(), s.width_bytes);
    } else {
      parts.push_back(s.bytes);
    }
  }
  SecureBytes block(h);
  for (std::size_t i = 0; i < blocks; ++i) {
    encode(i + 1, counter, ctr_buf.data());
    TRY_STATUS(prf.compute(parts, block));
    const std::size_t off = i * h;
    const std::size_t n = std::min(h, wanted_len - off);
    std::copy_n(block.begin(), n, out.begin() + static_cast<std::ptrdiff_t>(off));
  }
  return Status::ok();
}

Result<SecureBytes> derive_counter(const MechContext& ctx, std::size_t wanted_len) {
  TRY_ASSIGN(const CK_SP800_108_KDF_PARAMS* p, param_as<CK_SP800_108_KDF_PARAMS>(*ctx.mechanism));
  if (p->ulAdditionalDerivedKeys != 0) return err(CKR_MECHANISM_PARAM_INVALID);  // not supported
  if (p->prfType != CKM_AES_CMAC && !hmac_mechanism_info(p->prfType)) return err(CKR_MECHANISM_PARAM_INVALID);
  TRY_ASSIGN(CounterKdfParams params, parse_data_params(*p));
  if (!ctx.key) return err(CKR_KEY_HANDLE_INVALID);
  TRY_ASSIGN(crypto::KdfPrf prf, make_prf(p->prfType, *ctx.key));
  if (wanted_len == 0) return err(CKR_TEMPLATE_INCOMPLETE);
  SecureBytes out(wanted_len);
  TRY_STATUS(run_counter_kdf(prf, params, wanted_len, out));
  return out;
}

}  // namespace

void register_sp800_108(Registry& r) {
  MechanismEntry e;
  e.type = CKM_SP800_108_COUNTER_KDF;
  e.name = "CKM_SP800_108_COUNTER_KDF";
  e.min_key_size = 1;  // base key, bytes
  e.max_key_size = kKdfMaxBaseKeyBytes;
  e.flags = CKF_DERIVE;
  e.fips_approved = true;
  e.derive = derive_counter;
  r.add(e);
}

}  // namespace craton::mech
