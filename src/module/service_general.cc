// C_Initialize ... C_GetMechanismInfo, C_InitToken, C_WaitForSlotEvent.
#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <string>

#include "module/approved_mode.h"
#include "module/audit_events.h"
#include "module/call_context.h"
#include "module/services.h"

namespace craton::module {
namespace {

// C_WaitForSlotEvent: our tokens are never inserted or removed, so a blocking
// wait ends only when C_Finalize is called (the spec's required behaviour).
std::mutex g_wait_mu;
std::condition_variable g_wait_cv;
std::uint64_t g_finalize_generation = 0;

void blank_copy(CK_UTF8CHAR* dst, std::size_t size, const std::string& src) {
  std::memset(dst, ' ', size);
  std::memcpy(dst, src.data(), std::min(size, src.size()));
}

Token* token_or_null(Module* m, CK_SLOT_ID slot) { return m ? m->token(slot) : nullptr; }

}  // namespace

CK_RV initialize(CK_VOID_PTR init_args) {
  InitOptions options;
  if (init_args != nullptr) {
    auto* args = static_cast<CK_C_INITIALIZE_ARGS*>(init_args);
    if (args->pReserved != nullptr) return CKR_ARGUMENTS_BAD;
    const int given = (args->CreateMutex != nullptr) + (args->DestroyMutex != nullptr) +
                      (args->LockMutex != nullptr) + (args->UnlockMutex != nullptr);
    if (given != 0 && given != 4) return CKR_ARGUMENTS_BAD;
    options.app_mutexes_given = given == 4;
    options.os_locking_ok = (args->flags & CKF_OS_LOCKING_OK) != 0;
    options.cant_create_threads = (args->flags & CKF_LIBRARY_CANT_CREATE_OS_THREADS) != 0;
  }
  return Module::initialize(options).rv();
}

CK_RV finalize(CK_VOID_PTR reserved) {
  if (reserved != nullptr) return CKR_ARGUMENTS_BAD;
  CK_RV rv = Module::finalize().rv();
  if (rv == CKR_OK) {
    std::lock_guard<std::mutex> lock(g_wait_mu);
    ++g_finalize_generation;
    g_wait_cv.notify_all();
  }
  return rv;
}

CK_RV get_info(CK_INFO_PTR info) {
  RV_ASSIGN(Module * m, current_module_for_status());
  (void)m;
  if (info == nullptr) return CKR_ARGUMENTS_BAD;
  std::memset(info, 0, sizeof *info);
  info->cryptokiVersion = CK_VERSION{3, 2};
  blank_copy(info->manufacturerID, sizeof info->manufacturerID, "Craton HSM Project");
  blank_copy(info->libraryDescription, sizeof info->libraryDescription, "Craton HSM PKCS#11 module");
  info->flags = 0;
  info->libraryVersion = CK_VERSION{0, 1};
  return CKR_OK;
}

CK_RV get_slot_list(CK_BBOOL /*token_present: ours always are*/, CK_SLOT_ID_PTR list, CK_ULONG_PTR count) {
  RV_ASSIGN(Module * m, current_module_for_status());
  if (count == nullptr) return CKR_ARGUMENTS_BAD;
  const CK_ULONG n = m->slot_count();
  if (list == nullptr) {
    *count = n;
    return CKR_OK;
  }
  if (*count < n) {
    *count = n;
    return CKR_BUFFER_TOO_SMALL;
  }
  for (CK_ULONG i = 0; i < n; ++i) list[i] = i;
  *count = n;
  return CKR_OK;
}

CK_RV get_slot_info(CK_SLOT_ID slot, CK_SLOT_INFO_PTR info) {
  RV_ASSIGN(Module * m, current_module_for_status());
  if (token_or_null(m, slot) == nullptr) return CKR_SLOT_ID_INVALID;
  if (info == nullptr) return CKR_ARGUMENTS_BAD;
  std::memset(info, 0, sizeof *info);
  blank_copy(info->slotDescription, sizeof info->slotDescription, "Craton HSM slot " + std::to_string(slot));
  blank_copy(info->manufacturerID, sizeof info->manufacturerID, "Craton HSM Project");
  info->flags = CKF_TOKEN_PRESENT;
  info->hardwareVersion = CK_VERSION{0, 1};
  info->firmwareVersion = CK_VERSION{0, 1};
  return CKR_OK;
}

CK_RV get_token_info(CK_SLOT_ID slot, CK_TOKEN_INFO_PTR info) {
  RV_ASSIGN(Module * m, current_module_for_status());
  Token* t = token_or_null(m, slot);
  if (t == nullptr) return CKR_SLOT_ID_INVALID;
  if (info == nullptr) return CKR_ARGUMENTS_BAD;
  if (Module::state() != ModuleState::kError) RV_TRY(t->sync_if_changed());
  t->fill_token_info(*info);
  if (Module::state() == ModuleState::kError) info->flags |= CKF_ERROR_STATE;
  return CKR_OK;
}

CK_RV get_mechanism_list(CK_SLOT_ID slot, CK_MECHANISM_TYPE_PTR list, CK_ULONG_PTR count) {
  RV_ASSIGN(Module * m, current_module());
  if (token_or_null(m, slot) == nullptr) return CKR_SLOT_ID_INVALID;
  if (count == nullptr) return CKR_ARGUMENTS_BAD;
  std::vector<CK_MECHANISM_TYPE> types;
  for (const auto& e : mech::Registry::instance().entries())
    if (mechanism_offered(*m, e)) types.push_back(e.type);
  if (list == nullptr) {
    *count = types.size();
    return CKR_OK;
  }
  if (*count < types.size()) {
    *count = types.size();
    return CKR_BUFFER_TOO_SMALL;
  }
  std::copy(types.begin(), types.end(), list);
  *count = types.size();
  return CKR_OK;
}

CK_RV get_mechanism_info(CK_SLOT_ID slot, CK_MECHANISM_TYPE type, CK_MECHANISM_INFO_PTR info) {
  RV_ASSIGN(Module * m, current_module());
  if (token_or_null(m, slot) == nullptr) return CKR_SLOT_ID_INVALID;
  if (info == nullptr) return CKR_ARGUMENTS_BAD;
  CK_MECHANISM probe{type, nullptr, 0};
  auto e = find_mechanism(*m, &probe);
  if (!e.is_ok()) return e.rv();
  info->ulMinKeySize = e.value()->min_key_size;
  info->ulMaxKeySize = e.value()->max_key_size;
  info->flags = offered_flags(*m, *e.value());
  return CKR_OK;
}

CK_RV init_token(CK_SLOT_ID slot, CK_UTF8CHAR_PTR pin, CK_ULONG pin_len, CK_UTF8CHAR_PTR label) {
  return audited("C_InitToken", CK_INVALID_HANDLE, CK_UNAVAILABLE_INFORMATION, [&]() -> CK_RV {
    RV_ASSIGN(Module * m, current_module());
    Token* t = token_or_null(m, slot);
    if (t == nullptr) return CKR_SLOT_ID_INVALID;
    // A NULL PIN would mean a protected authentication path, which we lack.
    if (pin == nullptr || label == nullptr) return CKR_ARGUMENTS_BAD;
    RV_TRY(t->sync_if_changed());
    return t->init_token(ByteView(pin, pin_len), ByteView(label, 32), m->has_sessions(slot)).rv();
  });
}

CK_RV wait_for_slot_event(CK_FLAGS flags, CK_SLOT_ID_PTR slot, CK_VOID_PTR reserved) {
  // Read the finalize generation BEFORE checking that we are initialised: a
  // C_Finalize completing between the check and the wait still changes it,
  // so the wait below cannot miss it (lost wake-up = a hang forever).
  std::uint64_t start = 0;
  {
    std::lock_guard<std::mutex> lock(g_wait_mu);
    start = g_finalize_generation;
  }
  RV_ASSIGN(Module * m, current_module());
  (void)m;
  if (slot == nullptr || reserved != nullptr) return CKR_ARGUMENTS_BAD;
  if (flags & CKF_DONT_BLOCK) return CKR_NO_EVENT;
  std::unique_lock<std::mutex> lock(g_wait_mu);
  g_wait_cv.wait(lock, [&] { return g_finalize_generation != start; });
  return CKR_CRYPTOKI_NOT_INITIALIZED;
}

}  // namespace craton::module
