// C_GetInterface / C_GetInterfaceList / C_GetFunctionList and C_Initialize rules.
#include "harness.h"

namespace craton::test {
namespace {

CK_UTF8CHAR_PTR name(const char* s) { return reinterpret_cast<CK_UTF8CHAR_PTR>(const_cast<char*>(s)); }

TEST(Interface, ListOffers32Then30Then240) {
  CK_ULONG n = 0;
  ASSERT_OK(module().get_interface_list(nullptr, &n));
  ASSERT_EQ(n, 3u);
  std::vector<CK_INTERFACE> list(n);
  CK_ULONG small = 1;
  EXPECT_RV(CKR_BUFFER_TOO_SMALL, module().get_interface_list(list.data(), &small));
  EXPECT_EQ(small, 3u);
  ASSERT_OK(module().get_interface_list(list.data(), &n));
  const CK_BYTE want[][2] = {{3, 2}, {3, 0}, {2, 40}};
  for (int i = 0; i < 3; ++i) {
    EXPECT_STREQ(reinterpret_cast<char*>(list[i].pInterfaceName), "PKCS 11");
    auto* v = static_cast<CK_VERSION*>(list[i].pFunctionList);
    EXPECT_EQ(v->major, want[i][0]);
    EXPECT_EQ(v->minor, want[i][1]);
  }
  EXPECT_RV(CKR_ARGUMENTS_BAD, module().get_interface_list(list.data(), nullptr));
}

TEST(Interface, DefaultIs32) {
  CK_INTERFACE* i = nullptr;
  ASSERT_OK(module().get_interface(nullptr, nullptr, &i, 0));
  auto* v = static_cast<CK_VERSION*>(i->pFunctionList);
  EXPECT_EQ(v->major, 3);
  EXPECT_EQ(v->minor, 2);
  ASSERT_OK(module().get_interface(name("PKCS 11"), nullptr, &i, 0));
  EXPECT_EQ(static_cast<CK_VERSION*>(i->pFunctionList)->minor, 2);
}

TEST(Interface, SpecificVersionsAndErrors) {
  CK_INTERFACE* i = nullptr;
  CK_VERSION v30{3, 0};
  ASSERT_OK(module().get_interface(name("PKCS 11"), &v30, &i, 0));
  EXPECT_EQ(static_cast<CK_VERSION*>(i->pFunctionList)->minor, 0);
  CK_VERSION v240{2, 40};
  ASSERT_OK(module().get_interface(name("PKCS 11"), &v240, &i, 0));
  EXPECT_EQ(static_cast<CK_VERSION*>(i->pFunctionList)->minor, 40);
  CK_VERSION v31{3, 1};
  EXPECT_RV(CKR_ARGUMENTS_BAD, module().get_interface(name("PKCS 11"), &v31, &i, 0));
  EXPECT_RV(CKR_ARGUMENTS_BAD, module().get_interface(name("Vendor X"), nullptr, &i, 0));
  EXPECT_RV(CKR_ARGUMENTS_BAD, module().get_interface(nullptr, nullptr, nullptr, 0));
  EXPECT_RV(CKR_ARGUMENTS_BAD, module().get_interface(nullptr, nullptr, &i, 0x80));
  ASSERT_OK(module().get_interface(nullptr, nullptr, &i, CKF_INTERFACE_FORK_SAFE));
}

TEST(Interface, FunctionList240) {
  CK_FUNCTION_LIST* l = nullptr;
  ASSERT_OK(module().get_function_list(&l));
  EXPECT_EQ(l->version.major, 2);
  EXPECT_EQ(l->version.minor, 40);
  EXPECT_RV(CKR_ARGUMENTS_BAD, module().get_function_list(nullptr));
  // Every entry is filled.
  auto** fn = reinterpret_cast<void**>(&l->C_Initialize);
  for (int k = 0; k < 68; ++k) EXPECT_NE(fn[k], nullptr) << k;
  auto** fn32 = reinterpret_cast<void**>(&module().fns->C_Initialize);
  for (int k = 0; k < 104; ++k) EXPECT_NE(fn32[k], nullptr) << k;
}

TEST(Initialize, NotInitializedAndTwice) {
  auto* f = module().fns;
  CK_INFO info;
  EXPECT_RV(CKR_CRYPTOKI_NOT_INITIALIZED, f->C_GetInfo(&info));
  EXPECT_RV(CKR_CRYPTOKI_NOT_INITIALIZED, f->C_Finalize(nullptr));
  CK_ULONG n = 0;
  EXPECT_RV(CKR_CRYPTOKI_NOT_INITIALIZED, f->C_GetSlotList(CK_FALSE, nullptr, &n));
  use_config(default_test_config());
  ASSERT_OK(f->C_Initialize(nullptr));
  EXPECT_RV(CKR_CRYPTOKI_ALREADY_INITIALIZED, f->C_Initialize(nullptr));
  EXPECT_RV(CKR_ARGUMENTS_BAD, f->C_Finalize(&n));
  ASSERT_OK(f->C_GetInfo(&info));
  EXPECT_EQ(info.cryptokiVersion.major, 3);
  EXPECT_EQ(info.cryptokiVersion.minor, 2);
  EXPECT_RV(CKR_ARGUMENTS_BAD, f->C_GetInfo(nullptr));
  ASSERT_OK(f->C_Finalize(nullptr));
}

CK_RV create_mutex(CK_VOID_PTR_PTR) { return CKR_OK; }
CK_RV other_mutex(CK_VOID_PTR) { return CKR_OK; }

TEST(Initialize, InitArgsRules) {
  auto* f = module().fns;
  use_config(default_test_config());
  CK_C_INITIALIZE_ARGS args{};
  int reserved = 0;
  args.pReserved = &reserved;
  EXPECT_RV(CKR_ARGUMENTS_BAD, f->C_Initialize(&args));
  args = {};
  args.CreateMutex = create_mutex;  // some but not all callbacks
  EXPECT_RV(CKR_ARGUMENTS_BAD, f->C_Initialize(&args));
  args.DestroyMutex = other_mutex;
  args.LockMutex = other_mutex;
  args.UnlockMutex = other_mutex;
  args.flags = CKF_OS_LOCKING_OK;
  ASSERT_OK(f->C_Initialize(&args));
  ASSERT_OK(f->C_Finalize(nullptr));
  args = {};
  args.flags = CKF_OS_LOCKING_OK | CKF_LIBRARY_CANT_CREATE_OS_THREADS;
  ASSERT_OK(f->C_Initialize(&args));
  ASSERT_OK(f->C_Finalize(nullptr));
}

TEST(Initialize, InvalidConfigFailsCleanly) {
  auto* f = module().fns;
  use_config("[token]\nslot_count = \"many\"\n");
  EXPECT_RV(CKR_GENERAL_ERROR, f->C_Initialize(nullptr));
  use_config("this is = not [toml");
  EXPECT_RV(CKR_GENERAL_ERROR, f->C_Initialize(nullptr));
  setenv("CRATON_HSM_CONF", "/nonexistent/craton.toml", 1);
  EXPECT_RV(CKR_GENERAL_ERROR, f->C_Initialize(nullptr));
  use_config(default_test_config());
  ASSERT_OK(f->C_Initialize(nullptr));
  ASSERT_OK(f->C_Finalize(nullptr));
}

TEST(Initialize, ForkedChildMustInitializeAgain) {
  auto* f = module().fns;
  use_config(default_test_config());
  ASSERT_OK(f->C_Initialize(nullptr));
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    CK_INFO info;
    int code = 0;
    if (f->C_GetInfo(&info) != CKR_CRYPTOKI_NOT_INITIALIZED) code |= 1;
    if (f->C_Initialize(nullptr) != CKR_OK) code |= 2;
    if (f->C_GetInfo(&info) != CKR_OK) code |= 4;
    if (f->C_Finalize(nullptr) != CKR_OK) code |= 8;
    _exit(code);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  CK_INFO info;
  EXPECT_OK(f->C_GetInfo(&info));  // the parent is unaffected
  ASSERT_OK(f->C_Finalize(nullptr));
}

}  // namespace
}  // namespace craton::test
