#include "stress_worker.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <set>

namespace craton::stress {
namespace {

constexpr char kUserPin[] = "user-pin-1234";

CK_ATTRIBUTE attr(CK_ATTRIBUTE_TYPE t, const void* v, CK_ULONG len) {
  return CK_ATTRIBUTE{t, const_cast<void*>(v), len};
}

std::string hex(CK_RV rv) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%lx", static_cast<unsigned long>(rv));
  return buf;
}

bool is_session_closed(CK_RV rv) { return rv == CKR_SESSION_HANDLE_INVALID || rv == CKR_SESSION_CLOSED; }

}  // namespace

void Shared::fail(const std::string& what) {
  error_count.fetch_add(1);
  std::lock_guard<std::mutex> lock(errors_mu);
  if (errors.size() < 20) errors.push_back(what);
}

Worker::Worker(Shared& shared, int id, const Plan& plan)
    : sh_(shared), id_(id), plan_(plan), rng_(static_cast<std::uint32_t>(id) * 7919u + 17u),
      label_("stress-thread-" + std::to_string(id)) {}

void Worker::run() {
  for (int i = 0; i < plan_.iterations; ++i) iteration(i);
  // Destroy the token objects that are left, in a fresh R/W session (again
  // if a C_CloseAllSessions of worker 0 interrupts).
  for (int attempt = 0; attempt < 10 && !token_objects_.empty(); ++attempt) {
    rw_ = true;
    if (open_and_login() && find_and_compare() == Outcome::kOk) {
      while (!token_objects_.empty()) {
        CK_RV rv = f()->C_DestroyObject(session_, token_objects_.back());
        if (check("C_DestroyObject(final)", rv, CKR_OK, {}) != Outcome::kOk) break;
        token_objects_.pop_back();
      }
    }
    close_session();
  }
}

void Worker::iteration(int i) {
  rw_ = (rng_() % 4) != 0;
  if (!open_and_login()) {
    close_session();
    return;
  }
  using Step = Outcome (Worker::*)();
  std::vector<Step> steps = {&Worker::create_data_objects, &Worker::find_and_compare, &Worker::random_bytes};
  if (plan_.crypto) {
    steps.push_back(&Worker::sign_verify);
    steps.push_back(&Worker::aes_gcm_round_trip);
  }
  steps.push_back(&Worker::update_and_read);
  steps.push_back(&Worker::destroy_some);
  steps.push_back(&Worker::find_and_compare);
  std::shuffle(steps.begin() + 1, steps.end() - 1, rng_);
  for (Step step : steps)
    if ((this->*step)() == Outcome::kGone) break;
  if (plan_.close_all_every > 0 && id_ == 0 && (i + 1) % plan_.close_all_every == 0) {
    close_all();
    return;
  }
  if (session_ != CK_INVALID_HANDLE && plan_.logout_one_in > 0 &&
      static_cast<int>(rng_() % static_cast<unsigned>(plan_.logout_one_in)) == 0)
    maybe_logout();
  close_session();
}

// Opens a session (R/O or R/W as rw_ says) and logs the user in; another
// thread may already have (CKR_USER_ALREADY_LOGGED_IN: login is per application).
bool Worker::open_and_login() {
  close_all_seen_ = sh_.close_all.finished.load();
  const CK_FLAGS flags = CKF_SERIAL_SESSION | (rw_ ? CKF_RW_SESSION : 0);
  CK_RV rv = f()->C_OpenSession(sh_.slot, flags, nullptr, nullptr, &session_);
  if (rv != CKR_OK) {
    sh_.fail("worker " + std::to_string(id_) + ": C_OpenSession returned " + hex(rv));
    session_ = CK_INVALID_HANDLE;
    return false;
  }
  count(rw_ ? "open rw" : "open ro");
  logouts_seen_ = sh_.logouts.finished.load();
  rv = f()->C_Login(session_, CKU_USER, (CK_UTF8CHAR_PTR)kUserPin, std::strlen(kUserPin));
  if (rv == CKR_USER_ALREADY_LOGGED_IN) {
    count("login: already logged in");
    return true;
  }
  return check("C_Login", rv, CKR_OK, {}) == Outcome::kOk;
}

void Worker::close_session() {
  if (session_ == CK_INVALID_HANDLE) return;
  CK_RV rv;
  {
    std::shared_lock<std::shared_mutex> gate(sh_.close_gate);
    rv = f()->C_CloseSession(session_);
  }
  if (rv == CKR_OK) {
    count("close ok");
    session_objects_.clear();  // destroyed with the session, before C_CloseSession returned
  } else {
    (void)check("C_CloseSession", rv, CKR_OK, {});
    orphan_candidates_.insert(orphan_candidates_.end(), session_objects_.begin(), session_objects_.end());
    session_objects_.clear();
  }
  session_ = CK_INVALID_HANDLE;
  aes_key_ = CK_INVALID_HANDLE;
}

bool Worker::session_gone_ok(CK_RV rv, bool session_object) const {
  const bool closed_code =
      is_session_closed(rv) || (session_object && (rv == CKR_OBJECT_HANDLE_INVALID || rv == CKR_KEY_HANDLE_INVALID));
  return closed_code && sh_.close_all.started.load() > close_all_seen_;
}

// Not logged in any more: private objects are invisible (PKCS#11 4.4.1), so
// a handle to one is invalid, or the call needs a login.
bool Worker::logged_out_ok(CK_RV rv) const {
  const bool code = rv == CKR_USER_NOT_LOGGED_IN || rv == CKR_KEY_HANDLE_INVALID || rv == CKR_OBJECT_HANDLE_INVALID;
  return code && sh_.logouts.started.load() > logouts_seen_;
}

Worker::Outcome Worker::check(const char* what, CK_RV rv, CK_RV expected, CallRules rules) {
  if (rv == expected) {
    count(what);
    return Outcome::kOk;
  }
  if (session_gone_ok(rv, rules.session_object)) {
    count("session closed by another thread");
    return Outcome::kGone;
  }
  if (rules.login_sensitive && logged_out_ok(rv)) {
    count("logged out by another thread");
    return Outcome::kSkip;
  }
  sh_.fail("worker " + std::to_string(id_) + ": " + what + " returned " + hex(rv) + ", expected " + hex(expected) +
           (rw_ ? " (R/W session)" : " (R/O session)"));
  return Outcome::kGone;
}

Bytes Worker::random_data(std::size_t min, std::size_t max) {
  Bytes out(min + rng_() % (max - min + 1));
  for (auto& b : out) b = static_cast<unsigned char>(rng_());
  return out;
}

Worker::Outcome Worker::create_data_objects() {
  CK_OBJECT_CLASS cls = CKO_DATA;
  CK_BBOOL no = CK_FALSE, yes = CK_TRUE;
  std::string value = label_ + "#" + std::to_string(data_serial_++);
  CK_ATTRIBUTE session_tmpl[] = {attr(CKA_CLASS, &cls, sizeof cls), attr(CKA_TOKEN, &no, 1),
                                 attr(CKA_PRIVATE, &no, 1), attr(CKA_LABEL, label_.data(), label_.size()),
                                 attr(CKA_VALUE, value.data(), value.size())};
  CK_OBJECT_HANDLE h = CK_INVALID_HANDLE;
  Outcome o = check("C_CreateObject(session)", f()->C_CreateObject(session_, session_tmpl, 5, &h), CKR_OK, {});
  if (o != Outcome::kOk) return o;
  session_objects_.push_back(h);
  values_[h] = value;
  if (token_objects_.size() >= 4) return Outcome::kOk;
  CK_ATTRIBUTE token_tmpl[] = {attr(CKA_CLASS, &cls, sizeof cls), attr(CKA_TOKEN, &yes, 1),
                               attr(CKA_PRIVATE, &no, 1), attr(CKA_LABEL, label_.data(), label_.size()),
                               attr(CKA_VALUE, value.data(), value.size())};
  h = CK_INVALID_HANDLE;
  CK_RV rv = f()->C_CreateObject(session_, token_tmpl, 5, &h);
  // A token object needs a R/W session (PKCS#11 5.7).
  o = check(rw_ ? "C_CreateObject(token)" : "C_CreateObject(token, R/O)", rv, rw_ ? CKR_OK : CKR_SESSION_READ_ONLY, {});
  if (o == Outcome::kOk && rw_) {
    token_objects_.push_back(h);
    values_[h] = value;
  }
  return o;
}

// C_FindObjects by our label must return exactly our live objects: the token
// objects we made and did not destroy, and this session's session objects.
Worker::Outcome Worker::find_and_compare() {
  const std::uint64_t close_all_done = sh_.close_all.finished.load();
  CK_ATTRIBUTE tmpl[] = {attr(CKA_LABEL, label_.data(), label_.size())};
  Outcome o = check("C_FindObjectsInit", f()->C_FindObjectsInit(session_, tmpl, 1), CKR_OK, {});
  if (o != Outcome::kOk) return o;
  std::set<CK_OBJECT_HANDLE> found;
  for (;;) {
    CK_OBJECT_HANDLE batch[3];
    CK_ULONG n = 0;
    o = check("C_FindObjects", f()->C_FindObjects(session_, batch, 3, &n), CKR_OK, {});
    if (o != Outcome::kOk) return o;
    if (n == 0) break;
    for (CK_ULONG k = 0; k < n; ++k)
      if (!found.insert(batch[k]).second) sh_.fail("worker " + std::to_string(id_) + ": C_FindObjects repeated a handle");
  }
  o = check("C_FindObjectsFinal", f()->C_FindObjectsFinal(session_), CKR_OK, {});
  if (o != Outcome::kOk) return o;
  const bool close_all_overlapped = sh_.close_all.started.load() > close_all_done;
  const bool my_session_may_be_closed = sh_.close_all.started.load() > close_all_seen_;
  auto mine = [](const std::vector<CK_OBJECT_HANDLE>& v, CK_OBJECT_HANDLE h) {
    return std::find(v.begin(), v.end(), h) != v.end();
  };
  for (CK_OBJECT_HANDLE h : found) {
    if (mine(token_objects_, h) || mine(session_objects_, h)) continue;
    // A close-all running meanwhile may not have destroyed an old session's objects yet.
    if (close_all_overlapped && mine(orphan_candidates_, h)) {
      count("find: old session object during a close-all");
      continue;
    }
    sh_.fail("worker " + std::to_string(id_) + ": C_FindObjects returned handle " + std::to_string(h) +
             (mine(orphan_candidates_, h) ? " (a session object of a closed session)" : " (not ours)"));
  }
  for (CK_OBJECT_HANDLE h : token_objects_)
    if (found.count(h) == 0) sh_.fail("worker " + std::to_string(id_) + ": token object missing from C_FindObjects");
  for (CK_OBJECT_HANDLE h : session_objects_)
    if (found.count(h) == 0 && !my_session_may_be_closed)
      sh_.fail("worker " + std::to_string(id_) + ": session object missing from C_FindObjects");
  count("find compared");
  return Outcome::kOk;
}

Worker::Outcome Worker::random_bytes() {
  Bytes r(32);
  Outcome o = check("C_GenerateRandom", f()->C_GenerateRandom(session_, r.data(), r.size()), CKR_OK, {});
  if (o != Outcome::kOk) return o;
  if (r == last_random_ || r == Bytes(32, 0)) sh_.fail("worker " + std::to_string(id_) + ": C_GenerateRandom repeated");
  last_random_ = r;
  // Status calls read state other threads change: the values must stay sane.
  CK_SESSION_INFO info{};
  o = check("C_GetSessionInfo", f()->C_GetSessionInfo(session_, &info), CKR_OK, {});
  if (o != Outcome::kOk) return o;
  const bool state_ok = rw_ ? (info.state == CKS_RW_PUBLIC_SESSION || info.state == CKS_RW_USER_FUNCTIONS)
                            : (info.state == CKS_RO_PUBLIC_SESSION || info.state == CKS_RO_USER_FUNCTIONS);
  if (!state_ok || info.slotID != sh_.slot)
    sh_.fail("worker " + std::to_string(id_) + ": C_GetSessionInfo state " + std::to_string(info.state));
  CK_TOKEN_INFO token{};
  CK_RV rv = f()->C_GetTokenInfo(sh_.slot, &token);
  if (rv != CKR_OK) return check("C_GetTokenInfo", rv, CKR_OK, {});
  count("C_GetTokenInfo");
  // (The session counts are not checked: they change between the reads.)
  if (std::memcmp(token.label, "stress", 6) != 0 || !(token.flags & CKF_USER_PIN_INITIALIZED) ||
      !(token.flags & CKF_TOKEN_INITIALIZED))
    sh_.fail("worker " + std::to_string(id_) + ": C_GetTokenInfo inconsistent");
  return Outcome::kOk;
}

Worker::Outcome Worker::destroy_some() {
  if (!session_objects_.empty() && rng_() % 2 == 0) {
    const std::size_t k = rng_() % session_objects_.size();
    Outcome o = check("C_DestroyObject(session)", f()->C_DestroyObject(session_, session_objects_[k]), CKR_OK,
                      {.login_sensitive = false, .session_object = true});
    if (o != Outcome::kOk) return o;
    session_objects_.erase(session_objects_.begin() + static_cast<std::ptrdiff_t>(k));
  }
  if (token_objects_.empty() || rng_() % 2 == 0) return Outcome::kOk;
  const std::size_t k = rng_() % token_objects_.size();
  CK_RV rv = f()->C_DestroyObject(session_, token_objects_[k]);
  Outcome o = check(rw_ ? "C_DestroyObject(token)" : "C_DestroyObject(token, R/O)", rv,
                    rw_ ? CKR_OK : CKR_SESSION_READ_ONLY, {});
  if (o == Outcome::kOk && rw_) token_objects_.erase(token_objects_.begin() + static_cast<std::ptrdiff_t>(k));
  return o;
}

void Worker::maybe_logout() {
  sh_.logouts.started.fetch_add(1);
  CK_RV rv = f()->C_Logout(session_);
  const std::uint64_t others = sh_.logouts.started.load() - 1;  // not counting ours
  sh_.logouts.finished.fetch_add(1);
  if (rv == CKR_USER_NOT_LOGGED_IN && others > logouts_seen_) {
    count("logout: another thread was first");
    return;
  }
  (void)check("C_Logout", rv, CKR_OK, {});
}

// Changes the value of one of our token objects (R/W only), reads it back,
// and reads the shared public key's point, which must never change.
Worker::Outcome Worker::update_and_read() {
  if (!token_objects_.empty()) {
    const CK_OBJECT_HANDLE h = token_objects_[rng_() % token_objects_.size()];
    std::string value = label_ + "@" + std::to_string(data_serial_++);
    CK_ATTRIBUTE set[] = {{CKA_VALUE, value.data(), value.size()}};
    Outcome o = check(rw_ ? "C_SetAttributeValue" : "C_SetAttributeValue(R/O)",
                      f()->C_SetAttributeValue(session_, h, set, 1), rw_ ? CKR_OK : CKR_SESSION_READ_ONLY, {});
    if (o != Outcome::kOk) return o;
    if (rw_) values_[h] = value;
    std::string back(values_[h].size() + 8, '\0');
    CK_ATTRIBUTE get[] = {{CKA_VALUE, back.data(), back.size()}};
    o = check("C_GetAttributeValue", f()->C_GetAttributeValue(session_, h, get, 1), CKR_OK, {});
    if (o != Outcome::kOk) return o;
    back.resize(get[0].ulValueLen);
    if (back != values_[h]) sh_.fail("worker " + std::to_string(id_) + ": CKA_VALUE read back wrong");
  }
  Bytes point(sh_.ec_point.size() + 8);
  CK_ATTRIBUTE get[] = {{CKA_EC_POINT, point.data(), point.size()}};
  Outcome o = check("C_GetAttributeValue(EC point)", f()->C_GetAttributeValue(session_, sh_.ec_pub, get, 1), CKR_OK, {});
  if (o != Outcome::kOk) return o;
  point.resize(get[0].ulValueLen);
  if (point != sh_.ec_point) sh_.fail("worker " + std::to_string(id_) + ": shared CKA_EC_POINT changed");
  return Outcome::kOk;
}

// Closes every session of the token, ours and the other threads'. They must
// see CKR_SESSION_HANDLE_INVALID (or CKR_SESSION_CLOSED) and recover.
void Worker::close_all() {
  std::unique_lock<std::shared_mutex> gate(sh_.close_gate);
  sh_.logouts.started.fetch_add(1);
  sh_.close_all.started.fetch_add(1);
  CK_RV rv = f()->C_CloseAllSessions(sh_.slot);
  if (rv != CKR_OK) sh_.fail("C_CloseAllSessions returned " + hex(rv));
  rv = f()->C_OpenSession(sh_.slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, nullptr, nullptr, &sh_.anchor);
  if (rv != CKR_OK) sh_.fail("reopening the anchor session returned " + hex(rv));
  sh_.close_all.finished.fetch_add(1);
  sh_.logouts.finished.fetch_add(1);
  count("C_CloseAllSessions");
  orphan_candidates_.insert(orphan_candidates_.end(), session_objects_.begin(), session_objects_.end());
  session_objects_.clear();
  session_ = CK_INVALID_HANDLE;
  aes_key_ = CK_INVALID_HANDLE;
}

}  // namespace craton::stress
