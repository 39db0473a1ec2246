// Operation starts in the audit log, through the ABI: successful starts are
// counted (detail "count=<n> ..."), every one of them; refused starts are one
// line each with their CK_RV.
#include <fstream>
#include <regex>

#include "key_helpers.h"

namespace craton::test {
namespace {

class AuditStartsTest : public ModuleTest {};

TEST_F(AuditStartsTest, CountedSuccessesAndOneLinePerRefusal) {
  CK_SESSION_HANDLE s = ready_user_session();
  const CK_OBJECT_HANDLE good = generate_aes_key(s);
  CK_OBJECT_CLASS cls = CKO_SECRET_KEY;
  CK_KEY_TYPE kt = CKK_AES;
  CK_ULONG len = 32;
  CK_BBOOL no = CK_FALSE;
  CK_ATTRIBUTE t[] = {attr(CKA_CLASS, &cls, sizeof cls), attr(CKA_KEY_TYPE, &kt, sizeof kt),
                      attr(CKA_VALUE_LEN, &len, sizeof len), attr(CKA_ENCRYPT, &no, 1)};
  CK_MECHANISM gen{CKM_AES_KEY_GEN, nullptr, 0};
  CK_OBJECT_HANDLE denied = 0;
  ASSERT_OK(f()->C_GenerateKey(s, &gen, t, 4, &denied));

  Bytes iv(12, 7), data(64, 1), out(80);
  CK_GCM_PARAMS p{iv.data(), iv.size(), 96, nullptr, 0, 128};
  CK_MECHANISM gcm{CKM_AES_GCM, &p, sizeof p};
  constexpr int kStarts = 25;
  for (int i = 0; i < kStarts; ++i) {
    ASSERT_OK(f()->C_EncryptInit(s, &gcm, good));
    CK_ULONG out_len = out.size();
    ASSERT_OK(f()->C_Encrypt(s, data.data(), data.size(), out.data(), &out_len));
  }
  EXPECT_RV(CKR_KEY_FUNCTION_NOT_PERMITTED, f()->C_EncryptInit(s, &gcm, denied));
  EXPECT_RV(CKR_KEY_FUNCTION_NOT_PERMITTED, f()->C_EncryptInit(s, &gcm, denied));
  ASSERT_OK(f()->C_Finalize(nullptr));  // flushes the audit log
  initialized_ = false;

  std::ifstream in("/tmp/craton_abi_audit_" + std::to_string(getpid()) + ".log");
  const std::string good_obj = "\"object\":" + std::to_string(good) + ",";
  const std::string denied_obj = "\"object\":" + std::to_string(denied) + ",";
  const std::regex count_re("\"detail\":\"count=([0-9]+) last_ns=[0-9]+\"");
  long counted = 0;
  int refusals = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.find("\"function\":\"C_EncryptInit\"") == std::string::npos) continue;
    if (line.find(good_obj) != std::string::npos) {
      EXPECT_NE(line.find("\"rv\":0,"), std::string::npos) << line;
      std::smatch m;
      ASSERT_TRUE(std::regex_search(line, m, count_re)) << line;
      counted += std::stol(m[1].str());
    } else if (line.find(denied_obj) != std::string::npos) {
      EXPECT_NE(line.find("\"rv\":" + std::to_string(CKR_KEY_FUNCTION_NOT_PERMITTED) + ","), std::string::npos)
          << line;
      ++refusals;
    }
  }
  EXPECT_EQ(counted, kStarts);
  EXPECT_EQ(refusals, 2);
}

}  // namespace
}  // namespace craton::test
