// Known-answer test: the SP 800-90A HMAC_DRBG (HMAC-SHA-256) with
// prediction resistance, run by crypto::drbg_known_answer on an instance
// built by the production DRBG code, with injected entropy.
#include <array>

#include "crypto/drbg.h"
#include "fips/kats.h"

namespace craton::fips {
namespace {

// NIST ACVP-Server v1.1.0.43 sample vectors, hmacDRBG-SP800-90Ar1
// (tests/vectors/acvp/hmacDRBG-SP800-90Ar1): tgId 5 (SHA2-256,
// predResistance true, no derivation function, 512 returned bits), tcId 61.
constexpr char kEntropy[] =
    "f3b1740d4284a884a83e3022cb09984f1647a49cca5fddc30065e465501952601ab6553e823050eed4969d0f486c85a4"
    "7833fc6a61ae1b49eff63e93727d1a454e798e51ae118212b1064ae5a8cdb93ef857e36a5fa0d9a807044f044302f41f"
    "7c45dc02aa7efc5b9e5b0a3a56234d3ffa8195669c968b2b7c38cfaa6d206ebc40a109f60cb4c08ebe8000eacc56e1d7"
    "afbd24b1be34c0853be9b76b0cbbdb9f";
constexpr char kNonce[] = "4ef22360bccc71132ff8eb4ca5321a094938cb3e32856c1fbf13e2e217019365";
constexpr char kPersonalization[] =
    "c37cd48a1e4bc19cae2556582d8413b01f3191f38a8e0cc36f000f069018ef6e25aed3c37c0de7297a123b090069fd4d"
    "593aa4ed7b0b5f9640519705743caeea2f57c22bd26ceac41f0dfeea244c14070684423f021fc5e7d9a53067d2063679"
    "fc5f56157104d19b79a70c41f3383b70b86a0cabb5ab49856c332fa308646b2b";
// otherInput[0]: additionalInput, entropyInput (prediction-resistance reseed).
constexpr char kAdditional1[] =
    "8b12e6a0706e1848787d20d6e9cfd18bb99d7876bb875c38bbc4a83935b1481c2ae32d5515035f6b78eda03c6245d6dc"
    "9ecb573ac258f3b967fca3d0da903618ba831bc0ac705611d73bceae41c4355f9482ca6cca039f46a3dac56c1437a746";
constexpr char kEntropy1[] =
    "9ce10097a56b5f6937223d629e97942d68b80881d7d2fabb1bc02b0bd98e33159d6d45d5f19e189c03a13fc5beba07cf"
    "e69ffa474d44b4e2b6f135bd08630a76e7fb1ca6667acc630055c68cb5b1ac507e336ee4051b11b913ac4fbd0118f2c9"
    "2df4766b0b85025483ff635efec88e06af37d6fa2c386b5d66272b69cf506363b3c45444b75c88542d9b1d707878e13f"
    "151e0d657ba58e82382dc793da30f0a1";
// otherInput[1].
constexpr char kAdditional2[] =
    "46d79137fbfdfc1f33549b5d1bc61533a3dc6649bfb493d1d804f309d4f3e35add1cb1e18984b31506e4665206998a2e"
    "f38b5ef015b9bbf7b91abcae1203049aa7a2f6a6f508be02cc7b027bac4cec95b3050cd88d8afdd3c3a6ea48877f9109";
constexpr char kEntropy2[] =
    "5f129ff32e3d340063ec7b138d7f9ea362442ea30c64ac479625e42a0822ef478f8ffa4af04fd9e1a9193c3ad193f8a7"
    "d0f36a77c720985a5d8f42081fde19a0274da686266f96cdbbf5c4a5be09d6d92d030822c21794361521b9861d95d76e"
    "befa44a86c26abd9152d8e5c56ae7b1616609df74cd79b6cf513acd248abfb4a521b533920ed39cbfb54fa5e838a49c2"
    "f3013218df298911346595a5f1a62d0f";
// expectedResults.json tcId 61: returnedBits.
constexpr char kReturnedBits[] =
    "ae77a3797864a535b81e60a1eab3ece333d80de8c3d1c87d37b72c7b5972a026"
    "99c838e89d32abc8f732dbe2e22c7fae55b1504481e5c9ffc6ce4b8b93da3f22";

}  // namespace

Status kat_hmac_drbg(KatContext& ctx) {
  const Bytes entropy = hex(kEntropy), nonce = hex(kNonce), pers = hex(kPersonalization);
  const Bytes add1 = hex(kAdditional1), ent1 = hex(kEntropy1), add2 = hex(kAdditional2), ent2 = hex(kEntropy2);
  crypto::DrbgKnownAnswerInput in;
  in.entropy = entropy;
  in.nonce = nonce;
  in.personalization = pers;
  in.entropy_1 = ent1;
  in.additional_1 = add1;
  in.entropy_2 = ent2;
  in.additional_2 = add2;
  std::array<std::uint8_t, 64> out{};
  TRY_STATUS(crypto::drbg_known_answer(in, out));
  return ctx.check(out, hex(kReturnedBits));
}

}  // namespace craton::fips
