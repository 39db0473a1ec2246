// Point and scalar arithmetic on edwards25519 (a = -1) and edwards448
// (a = 1), written from RFC 8032 sections 5.1 and 5.2. Points use extended
// coordinates (X:Y:Z:T) with the complete addition law (valid for every
// pair of points since d is not a square), so the constant-time scalar
// multiplication needs no special cases.
#include "crypto/ossl/internal/edwards_group.h"

#include <array>
#include <cstring>

#include "core/secure_memory.h"
#include "crypto/ossl/internal/edwards_field.h"

namespace craton::crypto::edmath {
namespace {

template <class Fe>
struct Point {
  Fe x, y, z, t;
};

template <class Fe>
struct CurveDef {
  bool twisted;             // a = -1 (edwards25519) or a = 1 (edwards448)
  std::size_t field_bytes;  // 32 / 56
  std::size_t enc_bytes;    // 32 / 57
  Fe d;
  Point<Fe> base;
  std::array<std::uint8_t, 57> order;  // L, little-endian, enc_bytes long
};

template <class Fe>
void identity(Point<Fe>& p) {
  fe_set_small(p.x, 0);
  fe_set_small(p.y, 1);
  fe_set_small(p.z, 1);
  fe_set_small(p.t, 0);
}

// add-2008-hwcd: A=X1X2, B=Y1Y2, C=dT1T2, D=Z1Z2, E=(X1+Y1)(X2+Y2)-A-B,
// F=D-C, G=D+C, H=B-aA; X3=EF, Y3=GH, T3=EH, Z3=FG.
template <class Fe>
void add(Point<Fe>& r, const Point<Fe>& p, const Point<Fe>& q, const CurveDef<Fe>& cd) {
  Fe a, b, c, d, e, f, g, h, t;
  fe_mul(a, p.x, q.x);
  fe_mul(b, p.y, q.y);
  fe_mul(c, p.t, q.t);
  fe_mul(c, c, cd.d);
  fe_mul(d, p.z, q.z);
  fe_add(e, p.x, p.y);
  fe_add(t, q.x, q.y);
  fe_mul(e, e, t);
  fe_sub(e, e, a);
  fe_sub(e, e, b);
  fe_sub(f, d, c);
  fe_add(g, d, c);
  if (cd.twisted)
    fe_add(h, b, a);
  else
    fe_sub(h, b, a);
  fe_mul(r.x, e, f);
  fe_mul(r.y, g, h);
  fe_mul(r.t, e, h);
  fe_mul(r.z, f, g);
}

// dbl-2008-hwcd: A=X1^2, B=Y1^2, C=2Z1^2, D=aA, E=(X1+Y1)^2-A-B, G=D+B,
// F=G-C, H=D-B; X3=EF, Y3=GH, T3=EH, Z3=FG.
template <class Fe>
void dbl(Point<Fe>& r, const Point<Fe>& p, const CurveDef<Fe>& cd) {
  Fe a, b, c, d, e, f, g, h;
  fe_mul(a, p.x, p.x);
  fe_mul(b, p.y, p.y);
  fe_mul(c, p.z, p.z);
  fe_add(c, c, c);
  if (cd.twisted) {
    Fe zero;
    fe_set_small(zero, 0);
    fe_sub(d, zero, a);
  } else {
    d = a;
  }
  fe_add(e, p.x, p.y);
  fe_mul(e, e, e);
  fe_sub(e, e, a);
  fe_sub(e, e, b);
  fe_add(g, d, b);
  fe_sub(f, g, c);
  fe_sub(h, d, b);
  fe_mul(r.x, e, f);
  fe_mul(r.y, g, h);
  fe_mul(r.t, e, h);
  fe_mul(r.z, f, g);
}

template <class Fe>
void cmov(Point<Fe>& r, const Point<Fe>& a, std::uint64_t mask) {
  fe_cmov(r.x, a.x, mask);
  fe_cmov(r.y, a.y, mask);
  fe_cmov(r.z, a.z, mask);
  fe_cmov(r.t, a.t, mask);
}

// r = [k]p with a fixed 4-bit window; the table entry is picked by a
// masked scan, so neither branches nor memory addresses depend on k.
template <class Fe>
void scalar_mul(Point<Fe>& r, const Point<Fe>& p, const std::uint8_t* k, std::size_t k_len, const CurveDef<Fe>& cd) {
  std::array<Point<Fe>, 16> table;
  identity(table[0]);
  table[1] = p;
  for (std::size_t i = 2; i < 16; ++i) {
    if (i % 2 == 0)
      dbl(table[i], table[i / 2], cd);
    else
      add(table[i], table[i - 1], p, cd);
  }
  Point<Fe> acc;
  identity(acc);
  for (std::size_t i = k_len; i-- > 0;) {
    for (int shift = 4; shift >= 0; shift -= 4) {
      for (int j = 0; j < 4; ++j) dbl(acc, acc, cd);
      const std::uint32_t nibble = (k[i] >> shift) & 0x0f;
      Point<Fe> sel = table[0];
      for (std::uint32_t j = 1; j < 16; ++j) {
        const std::uint32_t x = j ^ nibble;
        const std::uint64_t eq = ((x | (0u - x)) >> 31) ^ 1u;
        cmov(sel, table[j], 0 - eq);
      }
      add(acc, acc, sel, cd);
      secure_wipe(&sel, sizeof sel);
    }
  }
  r = acc;
  secure_wipe(&acc, sizeof acc);
  secure_wipe(table.data(), sizeof table);
}

template <class Fe>
void encode(std::uint8_t* out, const Point<Fe>& p, const CurveDef<Fe>& cd) {
  Fe zi, x, y;
  fe_invert(zi, p.z);
  fe_mul(x, p.x, zi);
  fe_mul(y, p.y, zi);
  std::uint8_t xb[56];
  fe_to_bytes(xb, x);
  std::memset(out, 0, cd.enc_bytes);
  fe_to_bytes(out, y);
  out[cd.enc_bytes - 1] |= static_cast<std::uint8_t>((xb[0] & 1) << 7);
}

// RFC 8032 5.1.3 / 5.2.3. Works on public data only.
template <class Fe>
bool decode(Point<Fe>& p, const std::uint8_t* in, const CurveDef<Fe>& cd) {
  std::uint8_t yb[57];
  std::memcpy(yb, in, cd.enc_bytes);
  const int sign = yb[cd.enc_bytes - 1] >> 7;
  yb[cd.enc_bytes - 1] &= 0x7f;
  if (cd.enc_bytes != cd.field_bytes && yb[cd.enc_bytes - 1] != 0) return false;  // Ed448: bits 448..454
  Fe y;
  fe_from_bytes(y, yb);
  std::uint8_t canon[56];
  fe_to_bytes(canon, y);
  if (std::memcmp(canon, yb, cd.field_bytes) != 0) return false;  // y >= p
  Fe one, y2, u, v, x;
  fe_set_small(one, 1);
  fe_mul(y2, y, y);
  fe_sub(u, y2, one);  // u = y^2 - 1
  fe_mul(v, y2, cd.d);
  if (cd.twisted)
    fe_add(v, v, one);  // v = d y^2 + 1
  else
    fe_sub(v, v, one);  // v = d y^2 - 1
  if (!fe_sqrt_ratio(x, u, v)) return false;
  std::uint8_t xb[56];
  fe_to_bytes(xb, x);
  bool x_zero = true;
  for (std::size_t i = 0; i < cd.field_bytes; ++i) x_zero = x_zero && xb[i] == 0;
  if (x_zero && sign == 1) return false;
  if ((xb[0] & 1) != sign) {
    Fe zero;
    fe_set_small(zero, 0);
    fe_sub(x, zero, x);
  }
  p.x = x;
  p.y = y;
  fe_set_small(p.z, 1);
  fe_mul(p.t, x, y);
  return true;
}

template <std::size_t N>
constexpr std::array<std::uint8_t, 57> hex57(const char (&hex)[2 * N + 1]) {
  std::array<std::uint8_t, 57> out{};
  auto nib = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
  for (std::size_t i = 0; i < N; ++i) out[i] = static_cast<std::uint8_t>(nib(hex[2 * i]) << 4 | nib(hex[2 * i + 1]));
  return out;
}

const CurveDef<Fe25519>& def25519() {
  static const CurveDef<Fe25519> kDef = [] {
    CurveDef<Fe25519> cd{};
    cd.twisted = true;
    cd.field_bytes = 32;
    cd.enc_bytes = 32;
    Fe25519 num, den, zero;  // d = -121665 / 121666
    fe_set_small(zero, 0);
    fe_set_small(num, 121665);
    fe_sub(num, zero, num);
    fe_set_small(den, 121666);
    fe_invert(den, den);
    fe_mul(cd.d, num, den);
    // B: y = 4/5 with even x (RFC 8032 5.1).
    const auto base = hex57<32>("5866666666666666666666666666666666666666666666666666666666666666");
    decode(cd.base, base.data(), cd);
    cd.order = hex57<32>("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
    return cd;
  }();
  return kDef;
}

const CurveDef<Fe448>& def448() {
  static const CurveDef<Fe448> kDef = [] {
    CurveDef<Fe448> cd{};
    cd.twisted = false;
    cd.field_bytes = 56;
    cd.enc_bytes = 57;
    Fe448 zero, k;  // d = -39081
    fe_set_small(zero, 0);
    fe_set_small(k, 39081);
    fe_sub(cd.d, zero, k);
    // B from RFC 8032 5.2, encoded.
    const auto base = hex57<57>(
        "14fa30f25b790898adc8d74e2c13bdfdc4397ce61cffd33ad7c2a0051e9c78874098a36c7373ea4b62c7c9563720768824bcb66e7146"
        "3f6900");
    decode(cd.base, base.data(), cd);
    cd.order = hex57<57>(
        "f34458ab92c27823558fc58d72c26c219036d6ae49db4ec4e923ca7cffffffffffffffffffffffffffffffffffffffffffffffffffff"
        "ff3f00");
    return cd;
  }();
  return kDef;
}

template <class Fe>
bool equation(const CurveDef<Fe>& cd, const std::uint8_t* s, const std::uint8_t* k, const std::uint8_t* a_enc,
              const std::uint8_t* r_enc) {
  Point<Fe> a, sb, ka;
  if (!decode(a, a_enc, cd)) return false;
  scalar_mul(sb, cd.base, s, cd.enc_bytes, cd);
  scalar_mul(ka, a, k, cd.enc_bytes, cd);
  Fe zero;
  fe_set_small(zero, 0);
  fe_sub(ka.x, zero, ka.x);  // -[k]A
  fe_sub(ka.t, zero, ka.t);
  add(sb, sb, ka, cd);
  std::uint8_t enc[57];
  encode(enc, sb, cd);
  return std::memcmp(enc, r_enc, cd.enc_bytes) == 0;
}

// ---- scalars modulo L, as 32-bit little-endian limbs ----

constexpr std::size_t kLimbs = 33;  // 128-byte inputs plus headroom

void to_limbs(std::uint32_t* out, const std::uint8_t* in, std::size_t len) {
  std::memset(out, 0, kLimbs * sizeof(std::uint32_t));
  for (std::size_t i = 0; i < len; ++i) out[i / 4] |= std::uint32_t{in[i]} << (8 * (i % 4));
}

const std::array<std::uint8_t, 57>& order_of(Curve c) {
  return c == Curve::k25519 ? def25519().order : def448().order;
}

}  // namespace

void base_mul_encode(Curve c, const std::uint8_t* k, std::uint8_t* out) {
  if (c == Curve::k25519) {
    Point<Fe25519> p;
    scalar_mul(p, def25519().base, k, 32, def25519());
    encode(out, p, def25519());
  } else {
    Point<Fe448> p;
    scalar_mul(p, def448().base, k, 57, def448());
    encode(out, p, def448());
  }
}

bool point_decodes(Curve c, const std::uint8_t* enc) {
  if (c == Curve::k25519) {
    Point<Fe25519> p;
    return decode(p, enc, def25519());
  }
  Point<Fe448> p;
  return decode(p, enc, def448());
}

bool check_equation(Curve c, const std::uint8_t* s, const std::uint8_t* k, const std::uint8_t* a_enc,
                    const std::uint8_t* r_enc) {
  if (c == Curve::k25519) return equation(def25519(), s, k, a_enc, r_enc);
  return equation(def448(), s, k, a_enc, r_enc);
}

// Bit-serial reduction: acc = 2 acc + bit, minus L when that does not
// borrow. Same work for every input value.
void scalar_reduce(Curve c, const std::uint8_t* in, std::size_t in_len, std::uint8_t* out) {
  const std::size_t n = scalar_bytes(c);
  std::uint32_t mod[kLimbs], acc[kLimbs] = {}, t[kLimbs];
  to_limbs(mod, order_of(c).data(), n);
  const std::size_t limbs = n / 4 + 2;
  for (std::size_t bit = in_len * 8; bit-- > 0;) {
    std::uint32_t carry = (in[bit / 8] >> (bit % 8)) & 1;
    for (std::size_t i = 0; i < limbs; ++i) {
      const std::uint32_t next = (acc[i] << 1) | carry;
      carry = acc[i] >> 31;
      acc[i] = next;
    }
    std::uint64_t borrow = 0;
    for (std::size_t i = 0; i < limbs; ++i) {
      const std::uint64_t d = std::uint64_t{acc[i]} - mod[i] - borrow;
      t[i] = static_cast<std::uint32_t>(d);
      borrow = (d >> 63) & 1;
    }
    const std::uint32_t keep = static_cast<std::uint32_t>(0 - borrow);  // all ones: acc < L
    for (std::size_t i = 0; i < limbs; ++i) acc[i] = (acc[i] & keep) | (t[i] & ~keep);
  }
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>(acc[i / 4] >> (8 * (i % 4)));
  secure_wipe(acc, sizeof acc);
  secure_wipe(t, sizeof t);
}

void scalar_muladd(Curve curve, const std::uint8_t* a, const std::uint8_t* b, const std::uint8_t* c,
                   std::uint8_t* out) {
  const std::size_t n = scalar_bytes(curve);
  const std::size_t nl = (n + 3) / 4;
  std::uint32_t x[kLimbs], y[kLimbs], z[kLimbs], prod[2 * kLimbs] = {};
  to_limbs(x, a, n);
  to_limbs(y, b, n);
  to_limbs(z, c, n);
  for (std::size_t i = 0; i < nl; ++i) {
    std::uint64_t carry = 0;
    for (std::size_t j = 0; j < nl; ++j) {
      const std::uint64_t v = std::uint64_t{x[i]} * y[j] + prod[i + j] + carry;
      prod[i + j] = static_cast<std::uint32_t>(v);
      carry = v >> 32;
    }
    prod[i + nl] = static_cast<std::uint32_t>(carry);
  }
  std::uint64_t carry = 0;
  for (std::size_t i = 0; i < 2 * nl + 1; ++i) {
    const std::uint64_t v = std::uint64_t{prod[i]} + (i < nl ? z[i] : 0) + carry;
    prod[i] = static_cast<std::uint32_t>(v);
    carry = v >> 32;
  }
  std::uint8_t wide[4 * (2 * kLimbs)];
  const std::size_t wide_len = 4 * (2 * nl + 1);
  for (std::size_t i = 0; i < wide_len; ++i) wide[i] = static_cast<std::uint8_t>(prod[i / 4] >> (8 * (i % 4)));
  scalar_reduce(curve, wide, wide_len, out);
  secure_wipe(x, sizeof x);
  secure_wipe(y, sizeof y);
  secure_wipe(z, sizeof z);
  secure_wipe(prod, sizeof prod);
  secure_wipe(wide, sizeof wide);
}

bool scalar_is_canonical(Curve c, const std::uint8_t* s) {
  const auto& l = order_of(c);
  for (std::size_t i = scalar_bytes(c); i-- > 0;) {
    if (s[i] < l[i]) return true;
    if (s[i] > l[i]) return false;
  }
  return false;  // equal to L
}

}  // namespace craton::crypto::edmath
