#!/usr/bin/env python3
"""Generate Craton HSM's own PKCS #11 3.2 C headers from markdown fact tables.

Usage:
    gen_pkcs11_headers.py CONSTANTS_MD OUT_DIR [--spec SPEC_MD]

CONSTANTS_MD is the transcription of the OASIS 3.2 tables (constants, scalar
typedefs, structure layouts, function prototypes).  OUT_DIR receives
pkcs11t.h, pkcs11f.h and pkcs11.h.  SPEC_MD (default: pkcs11-3.2.md next to
CONSTANTS_MD, if present) is only used for cross-checks: the function-list
order of its section 3.7 and the parameter tables of the 3.2 functions.

The headers are written from the facts alone so that the project does not
carry anybody else's header text.  The script is deliberately strict: any
reference to an unknown type, a duplicate name or a disagreement between the
two documents aborts generation instead of producing a subtly wrong ABI.
"""

import argparse
import os
import re
import sys
import textwrap
from collections import OrderedDict

GENERATOR = "tools/gen_pkcs11_headers.py"

# The tables only say that these callbacks exist and return CK_RV; their
# parameter lists come from the base specification, so they are kept here.
CALLBACKS = [
    ("CK_NOTIFY", [("CK_SESSION_HANDLE", "hSession"),
                   ("CK_NOTIFICATION", "event"),
                   ("CK_VOID_PTR", "pApplication")]),
    ("CK_CREATEMUTEX", [("CK_VOID_PTR_PTR", "ppMutex")]),
    ("CK_DESTROYMUTEX", [("CK_VOID_PTR", "pMutex")]),
    ("CK_LOCKMUTEX", [("CK_VOID_PTR", "pMutex")]),
    ("CK_UNLOCKMUTEX", [("CK_VOID_PTR", "pMutex")]),
]

# Names in the constants table that only exist for source compatibility.
# Each must be present with the same value as its preferred spelling; the
# header keeps the numeric value (so every constant is self-contained) and
# only adds a comment, so nothing here can introduce a name of its own.
COMPAT_ALIASES = OrderedDict([
    ("CK_SP800_108_COUNTER", "CK_SP800_108_OPTIONAL_COUNTER"),
    ("CKF_MULTI_MESSGE", "CKF_MULTI_MESSAGE"),
    ("CKF_EC_NAMEDCURVE", "CKF_EC_OID"),
    ("CKK_ECDSA", "CKK_EC"),
    ("CKK_CAST5", "CKK_CAST128"),
    ("CKA_ECDSA_PARAMS", "CKA_EC_PARAMS"),
    ("CKA_SUB_PRIME_BITS", "CKA_SUBPRIME_BITS"),
    ("CKM_ECDSA_KEY_PAIR_GEN", "CKM_EC_KEY_PAIR_GEN"),
    ("CKM_CAST5_KEY_GEN", "CKM_CAST128_KEY_GEN"),
    ("CKM_CAST5_ECB", "CKM_CAST128_ECB"),
    ("CKM_CAST5_CBC", "CKM_CAST128_CBC"),
    ("CKM_CAST5_MAC", "CKM_CAST128_MAC"),
    ("CKM_CAST5_MAC_GENERAL", "CKM_CAST128_MAC_GENERAL"),
    ("CKM_CAST5_CBC_PAD", "CKM_CAST128_CBC_PAD"),
    ("CKM_PBE_MD5_CAST5_CBC", "CKM_PBE_MD5_CAST128_CBC"),
    ("CKM_PBE_SHA1_CAST5_CBC", "CKM_PBE_SHA1_CAST128_CBC"),
    ("CKM_SHA3_256_KEY_DERIVE", "CKM_SHA3_256_KEY_DERIVATION"),
    ("CKM_SHA3_224_KEY_DERIVE", "CKM_SHA3_224_KEY_DERIVATION"),
    ("CKM_SHA3_384_KEY_DERIVE", "CKM_SHA3_384_KEY_DERIVATION"),
    ("CKM_SHA3_512_KEY_DERIVE", "CKM_SHA3_512_KEY_DERIVATION"),
    ("CKM_SHAKE_128_KEY_DERIVE", "CKM_SHAKE_128_KEY_DERIVATION"),
    ("CKM_SHAKE_256_KEY_DERIVE", "CKM_SHAKE_256_KEY_DERIVATION"),
    ("CKM_DSA_PROBABLISTIC_PARAMETER_GEN",
     "CKM_DSA_PROBABILISTIC_PARAMETER_GEN"),
])

# Prefixes whose values legitimately repeat (independent flag words, or one
# prefix serving several types); duplicates elsewhere must be known aliases.
SHARED_VALUE_PREFIXES = {"CRYPTOKI", "CK", "CKF", "CKP", "CKH", "CKD", "CKG",
                         "CKN", "CKS", "CKT", "CKU", "CKV", "CKZ"}

# These end up in CK_BBOOL / CK_VERSION byte fields; an unsigned long suffix
# would only invite conversion warnings in client code.
BYTE_VALUED = {"CK_TRUE", "CK_FALSE", "CRYPTOKI_VERSION_MAJOR",
               "CRYPTOKI_VERSION_MINOR", "CRYPTOKI_VERSION_AMENDMENT"}

# Values that are known interop hazards get a pointer to the explanation.
CONSTANT_NOTES = {
    "CK_UNAVAILABLE_INFORMATION": "all bits set in any CK_ULONG width",
    "CKA_ENCAPSULATE_TEMPLATE": "CS01 value, no CKF_ARRAY_ATTRIBUTE",
    "CKA_DECAPSULATE_TEMPLATE": "CS01 value, no CKF_ARRAY_ATTRIBUTE",
}

PREFIX_TITLES = {
    "CRYPTOKI": "Cryptoki version implemented by these headers",
    "CK": "Miscellaneous CK_ values",
    "CKN": "Notifications (CK_NOTIFICATION)",
    "CKF": "Flags (token, session, mechanism, interface, OTP, ... words)",
    "CKU": "User types (CK_USER_TYPE)",
    "CKS": "Session states (CK_STATE) and session validation flag types",
    "CKO": "Object classes (CK_OBJECT_CLASS)",
    "CKP": "Profile IDs and PQC parameter sets",
    "CKH": "Hardware feature types and hedge types",
    "CKK": "Key types (CK_KEY_TYPE)",
    "CKC": "Certificate types (CK_CERTIFICATE_TYPE)",
    "CKA": "Attribute types (CK_ATTRIBUTE_TYPE)",
    "CKM": "Mechanism types (CK_MECHANISM_TYPE)",
    "CKR": "Return values (CK_RV)",
    "CKG": "MGFs and IV/nonce generator functions",
    "CKZ": "OAEP and PBKDF2 source types",
    "CKD": "Key derivation functions",
    "CKV": "Validation types and validation authority types",
    "CKT": "Trust values (CK_TRUST)",
}

C_BUILTIN_WORDS = {"void", "unsigned", "signed", "char", "short", "int",
                   "long", "CK_PTR"}

IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class SpecError(Exception):
    pass


def fail(msg):
    raise SpecError(msg)


# --------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------

def split_sections(text, level):
    """Map heading text -> list of body lines for headings of one level."""
    marker = "#" * level + " "
    sections = OrderedDict()
    current = None
    for line in text.splitlines():
        if line.startswith("#"):
            hashes = len(line) - len(line.lstrip("#"))
            if hashes <= level:
                current = None
            if line.startswith(marker):
                current = line[len(marker):].strip()
                if current in sections:
                    fail("duplicate heading: " + current)
                sections[current] = []
                continue
        if current is not None:
            sections[current].append(line)
    return sections


def table_rows(lines):
    """Yield the cell lists of a markdown table, skipping header/separator."""
    rows = [l for l in lines if l.startswith("|")]
    for i, line in enumerate(rows):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if i == 0 or all(re.fullmatch(r":?-+:?", c) for c in cells):
            continue
        yield cells


def parse_constants(sections):
    groups = OrderedDict()
    seen = {}
    for prefix, lines in split_sections("\n".join(sections["Constants"]),
                                        3).items():
        prefix = prefix.rstrip("_")
        entries = []
        for cells in table_rows(lines):
            if len(cells) != 2:
                fail("constant row with %d cells: %r" % (len(cells), cells))
            name, value = cells
            if not re.fullmatch(r"[A-Z][A-Z0-9_]*", name):
                fail("bad constant name %r" % name)
            if not name.startswith(prefix + "_"):
                fail("%s listed under %s_" % (name, prefix))
            if not re.fullmatch(r"0x[0-9A-Fa-f]+", value):
                fail("%s: value %r is not a hex number" % (name, value))
            if name in seen:
                fail("constant %s defined twice" % name)
            seen[name] = int(value, 16)
            entries.append((name, value))
        groups[prefix] = entries
    return groups, seen


def parse_typedefs(lines):
    typedefs = OrderedDict()
    for cells in table_rows(lines):
        name, base = cells[0], " ".join(cells[1].split())
        if name in typedefs:
            fail("typedef %s listed twice" % name)
        typedefs[name] = base
    return typedefs


def parse_field(text, owner):
    m = re.fullmatch(r"([A-Za-z_][A-Za-z0-9_ ]*?)\s+([A-Za-z_][A-Za-z0-9_]*)"
                     r"(\[\d+\])?", text.strip())
    if not m:
        fail("cannot parse field %r of %s" % (text, owner))
    return m.group(1), m.group(2), m.group(3) or ""


def parse_structs(lines):
    structs = OrderedDict()
    for line in lines:
        m = re.match(r"- \*\*([A-Za-z_][A-Za-z0-9_]*)\*\*: (.*)$", line)
        if not m:
            if line.strip():
                fail("unexpected line in structures: %r" % line)
            continue
        name, body = m.groups()
        if name in structs:
            fail("structure %s listed twice" % name)
        structs[name] = [parse_field(f, name) for f in body.split(";")]
    return structs


def parse_params(arglist, owner):
    params = []
    for arg in arglist.split(","):
        type_, pname, array = parse_field(arg, owner)
        if array:
            fail("%s: array parameter %r" % (owner, arg))
        params.append((type_, pname))
    return params


def parse_functions(lines):
    funcs = OrderedDict()
    for line in lines:
        m = re.match(r"- `(C_[A-Za-z0-9_]+)\((.*)\)`$", line)
        if not m:
            if line.strip():
                fail("unexpected line in functions: %r" % line)
            continue
        name, args = m.groups()
        if name in funcs:
            fail("function %s listed twice" % name)
        funcs[name] = parse_params(args, name)
    return funcs


def parse_list_cutoffs(text, total):
    """Read the function-list sizes stated in the constants file's preamble."""
    m = re.search(r"2\.40 list: the first (\d+); 3\.0: the first (\d+); "
                  r"3\.2: all (\d+)", text)
    if not m:
        fail("function-list sizes (2.40/3.0/3.2) not stated in constants file")
    v2, v30, v32 = (int(x) for x in m.groups())
    if v32 != total:
        fail("preamble says %d functions, list has %d" % (v32, total))
    return OrderedDict([("CK_FUNCTION_LIST", v2),
                        ("CK_FUNCTION_LIST_3_0", v30),
                        ("CK_FUNCTION_LIST_3_2", v32)])


# --------------------------------------------------------------------------
# Cross-checks against pkcs11-3.2.md
# --------------------------------------------------------------------------

def check_against_spec(spec_text, funcs, cutoffs):
    """Compare function order and 3.2 signatures with the research notes.

    The two files were transcribed separately, so agreement between them is
    the best available guard against a dropped or swapped entry.
    """
    subs = split_sections(spec_text, 3)
    layout = next((v for k, v in subs.items() if k.startswith("3.7 ")), None)
    if layout is None:
        fail("spec has no section 3.7 (function-list layout)")
    slots = {}
    for cells in table_rows(layout):
        for num, name in zip(cells[0::2], cells[1::2]):
            if num in ("#", ""):
                continue
            if int(num) in slots:
                fail("section 3.7 lists slot %s twice" % num)
            slots[int(num)] = name
    order = [slots[i] for i in sorted(slots)]
    if sorted(slots) != list(range(1, len(slots) + 1)):
        fail("section 3.7 slot numbers are not contiguous")
    if order != list(funcs):
        for i, (a, b) in enumerate(zip(order, funcs), 1):
            if a != b:
                fail("slot %d: section 3.7 has %s, prototype list has %s"
                     % (i, a, b))
        fail("section 3.7 has %d slots, prototype list has %d functions"
             % (len(order), len(funcs)))

    body = "\n".join(layout)
    for struct, pattern in (("CK_FUNCTION_LIST", r"1.(\d+) = the 2\.x"),
                            ("CK_FUNCTION_LIST_3_0",
                             r"1.(\d+) = CK_FUNCTION_LIST_3_0")):
        m = re.search(pattern, body)
        if not m or int(m.group(1)) != cutoffs[struct]:
            fail("section 3.7 disagrees on the size of %s" % struct)

    checked = []
    for title, lines in subs.items():
        if not re.match(r"3\.[1-6] ", title):
            continue
        for fname, params in spec_param_lists(title, lines):
            if fname not in funcs:
                fail("section %s describes unknown function %s"
                     % (title.split()[0], fname))
            ours = [(p, t) for t, p in funcs[fname]]
            if params != ours:
                fail("%s: spec parameters %r != prototype %r"
                     % (fname, params, ours))
            checked.append(fname)
    return len(order), checked


def spec_param_lists(title, lines):
    """Yield (function, [(param, type)]) from one 3.x section of the notes."""
    fname = title.split()[1]
    numbered = [c for c in table_rows(lines) if c[0].isdigit()]
    if numbered:
        yield fname, [(c[1], c[2]) for c in numbered]
        return
    pair = re.compile(r"(\w+) \((\w+)[^)]*\)")
    for cells in table_rows(lines):
        if cells[0].startswith("C_"):
            yield cells[0], pair.findall(cells[1])
    text = " ".join(lines)
    m = re.search(r"Parameters: (.*?\))\.", text)
    if m:
        yield fname, pair.findall(m.group(1))


# --------------------------------------------------------------------------
# Declaration ordering
# --------------------------------------------------------------------------

def referenced_types(type_text):
    return [w for w in IDENT.findall(type_text) if w not in C_BUILTIN_WORDS]


def order_declarations(decls, known_early):
    """Stable topological sort: keep the preferred order unless a type would
    be used before it is declared, in which case its dependency moves up."""
    index = {d["name"]: i for i, d in enumerate(decls)}
    emitted, out = set(known_early), []
    visiting = set()

    def visit(decl):
        name = decl["name"]
        if name in emitted:
            return
        if name in visiting:
            fail("circular type dependency through %s" % name)
        visiting.add(name)
        for dep in decl["deps"]:
            if dep in emitted:
                continue
            if dep not in index:
                fail("%s uses undeclared type %s" % (name, dep))
            visit(decls[index[dep]])
        visiting.discard(name)
        emitted.add(name)
        out.append(decl)

    for decl in decls:
        visit(decl)
    return out


def build_type_declarations(typedefs, structs, fwd_structs):
    """Interleave scalar typedefs, callbacks and structures in a legal order.

    Pointer typedefs to a structure are emitted right after that structure
    (instead of the table position) so the header reads naturally and no
    forward declarations are needed except for the function lists, whose
    bodies live in pkcs11.h.  Returns the ordered declarations and the
    pointer typedefs that had to be supplied because the table lacks them.
    """
    derived = OrderedDict()
    struct_names = set(structs) | set(fwd_structs)
    ptr_of = OrderedDict((s, []) for s in structs)
    plain = []
    for name, base in typedefs.items():
        words = referenced_types(base)
        target = words[0] if words else None
        # Follow _PTR_PTR chains back to the structure they belong to.
        while target in typedefs and target not in struct_names:
            inner = referenced_types(typedefs[target])
            if not inner or not typedefs[target].endswith("CK_PTR"):
                break
            target = inner[0]
        if target in structs:
            ptr_of[target].append(name)
        else:
            plain.append(name)

    decls = []
    for name in plain:
        decls.append({"kind": "typedef", "name": name,
                      "base": typedefs[name],
                      "deps": referenced_types(typedefs[name])})
    for name, params in CALLBACKS:
        decls.append({"kind": "callback", "name": name, "params": params,
                      "deps": [t for t, _ in params]})
    for name, fields in structs.items():
        decls.append({"kind": "struct", "name": name, "fields": fields,
                      "deps": [w for t, _, _ in fields
                               for w in referenced_types(t)]})
        listed = ptr_of[name]
        # Some structures have no pointer typedef in the table (several are
        # written over two lines in the standard's header and did not survive
        # transcription).  Supplying one keeps the X / X_PTR pairing uniform.
        if not listed and name.startswith("CK_"):
            derived[name + "_PTR"] = name + " CK_PTR"
            decls.append({"kind": "typedef", "name": name + "_PTR",
                          "base": derived[name + "_PTR"], "deps": [name]})
        for ptr in listed:
            decls.append({"kind": "typedef", "name": ptr,
                          "base": typedefs[ptr],
                          "deps": referenced_types(typedefs[ptr])})
    return order_declarations(decls, fwd_structs), derived


# --------------------------------------------------------------------------
# Emission helpers
# --------------------------------------------------------------------------

def banner(filename, purpose):
    return [
        "/*",
        " * %s - %s" % (filename, purpose),
        " *",
        " * Generated by %s from the PKCS #11 3.2 constant" % GENERATOR,
        " * tables (OASIS standard values).  Do not edit by hand: change the",
        " * generator or its input and regenerate.",
        " */",
    ]


def guard_open(name):
    return ["#ifndef " + name, "#define " + name, ""]


def extern_c_open():
    return ["#ifdef __cplusplus", 'extern "C" {', "#endif", ""]


def extern_c_close():
    return ["#ifdef __cplusplus", "}", "#endif", ""]


def format_value(name, text):
    value = int(text, 16)
    if value == (1 << 64) - 1:
        # The table shows the LP64 resolution; ~0UL stays correct on ILP32.
        return "(~0UL)"
    if value > 0xFFFFFFFF:
        fail("%s = %s does not fit a 32-bit CK_ULONG" % (name, text))
    if name in BYTE_VALUED:
        return str(value)
    return text[:2] + text[2:].upper() + "UL"


def format_signature(prefix, params, width=79):
    """Render `prefix(params);`, one parameter per line when it is long."""
    one_line = "%s(%s);" % (prefix, ", ".join("%s %s" % p for p in params))
    if len(one_line) <= width:
        return [one_line]
    tw = max(len(t) for t, _ in params)
    args = ["%-*s %s" % (tw, t, p) for t, p in params]
    args = [a + "," for a in args[:-1]] + [args[-1] + ");"]
    if len(prefix) + 1 + max(len(a) for a in args) <= width:
        # Continuation lines line up under the first parameter.
        indent = " " * (len(prefix) + 1)
        return [prefix + "(" + args[0]] + [indent + a for a in args[1:]]
    return [prefix + "("] + ["    " + a for a in args]


def section_rule(title):
    return ["/* %s */" % ("=" * 70), "/* %-70s */" % title,
            "/* %s */" % ("=" * 70), ""]


# --------------------------------------------------------------------------
# Header writers
# --------------------------------------------------------------------------

PLATFORM_MACROS = [
    "/*",
    " * Platform macros, Unix conventions: natural structure alignment (no",
    " * packing pragma).  An application may define them before inclusion.",
    " */",
    "#ifndef CK_PTR",
    "#define CK_PTR *",
    "#endif",
    "#ifndef CK_DECLARE_FUNCTION",
    "#define CK_DECLARE_FUNCTION(returnType, name) returnType name",
    "#endif",
    "#ifndef CK_DECLARE_FUNCTION_POINTER",
    "#define CK_DECLARE_FUNCTION_POINTER(returnType, name) returnType (* name)",
    "#endif",
    "#ifndef CK_CALLBACK_FUNCTION",
    "#define CK_CALLBACK_FUNCTION(returnType, name) returnType (* name)",
    "#endif",
    "#ifndef NULL_PTR",
    "#define NULL_PTR 0",
    "#endif",
    "",
]

STRUCT_NOTES = {
    # Listed under its own non-CK_ name with no owning structure.  The
    # standard's header declares it stand-alone under that name, so it is
    # emitted as a named structure rather than folded into a union.
    "specifiedParams": "HSS/LMS key parameters: number of levels, then the "
                       "LMS and LM-OTS type of each level (name as in the "
                       "standard)",
}


def write_pkcs11t(groups, ordered, fwd_structs):
    out = banner("pkcs11t.h", "PKCS #11 3.2 types and constants.")
    out += ["", *guard_open("CRATON_PKCS11_PKCS11T_H"), *PLATFORM_MACROS,
            *extern_c_open()]

    out += section_rule("Constants")
    for prefix, entries in groups.items():
        out.append("/* %s */" % PREFIX_TITLES.get(prefix, prefix + "_"))
        width = max(len(n) for n, _ in entries)
        for name, value in entries:
            line = "#define %-*s %s" % (width, name, format_value(name, value))
            note = CONSTANT_NOTES.get(name)
            if name in COMPAT_ALIASES:
                note = "alias of " + COMPAT_ALIASES[name]
            if note:
                line += "  /* %s */" % note
            out.append(line)
        out.append("")

    out += section_rule("Types")
    out.append("/* Function lists; their members are declared in pkcs11.h. */")
    for name in fwd_structs:
        out.append("typedef struct %s %s;" % (name, name))
    out.append("")

    prev_kind = None
    for decl in ordered:
        kind, name = decl["kind"], decl["name"]
        if kind == "typedef":
            base = decl["base"]
            if base.endswith("CK_PTR"):
                base = base[:-len("CK_PTR")].rstrip() + " CK_PTR"
            out.append("typedef %s %s;" % (base, name))
        elif kind == "callback":
            if prev_kind != "callback":
                out += ["", "/* Callbacks (C_OpenSession notification and "
                        "C_Initialize mutex hooks). */"]
            out += format_signature("typedef CK_RV (*%s)" % name,
                                    decl["params"])
        else:
            out.append("")
            if name in STRUCT_NOTES:
                out.append("/*")
                out += [" * " + l for l in
                        textwrap.wrap(STRUCT_NOTES[name] + ".", 72)]
                out.append(" */")
            out.append("typedef struct %s {" % name)
            tw = max(len(t) for t, _, _ in decl["fields"])
            for t, f, arr in decl["fields"]:
                out.append("    %-*s %s%s;" % (tw, t, f, arr))
            out.append("} %s;" % name)
        prev_kind = kind
    out += ["", *extern_c_close(),
            "#endif /* CRATON_PKCS11_PKCS11T_H */", ""]
    return "\n".join(out)


def write_pkcs11f(funcs):
    out = banner("pkcs11f.h", "PKCS #11 3.2 function prototypes.")
    out += ["", *guard_open("CRATON_PKCS11_PKCS11F_H"),
            '#include "pkcs11t.h"', "", *extern_c_open()]
    out += section_rule("Functions, in CK_FUNCTION_LIST_3_2 order")
    for name, params in funcs.items():
        out += format_signature("extern CK_RV " + name, params)
    out += [""]
    out += section_rule("Function-pointer types (CK_FUNCTION_LIST* members)")
    for name, params in funcs.items():
        out += format_signature("typedef CK_RV (*CK_%s)" % name, params)
    out += ["", *extern_c_close(),
            "#endif /* CRATON_PKCS11_PKCS11F_H */", ""]
    return "\n".join(out)


LIST_TITLES = {
    "CK_FUNCTION_LIST": "PKCS #11 2.x layout, returned by C_GetFunctionList",
    "CK_FUNCTION_LIST_3_0": "PKCS #11 3.0 layout",
    "CK_FUNCTION_LIST_3_2": "PKCS #11 3.2 layout",
}


def write_pkcs11(funcs, cutoffs):
    names = list(funcs)
    out = banner("pkcs11.h", "PKCS #11 3.2 function-list structures.")
    out += ["", *guard_open("CRATON_PKCS11_PKCS11_H"),
            '#include "pkcs11t.h"', '#include "pkcs11f.h"', "",
            *extern_c_open()]
    for struct, count in cutoffs.items():
        out += ["/*", " * %s:" % LIST_TITLES.get(struct, struct),
                " * version, then functions 1-%d of the 3.2 order." % count,
                " */"]
        out.append("struct %s {" % struct)
        width = max(len("CK_" + n) for n in names[:count])
        out.append("    %-*s version;" % (width, "CK_VERSION"))
        for n in names[:count]:
            out.append("    %-*s %s;" % (width, "CK_" + n, n))
        out += ["};", ""]
    out += [*extern_c_close(), "#endif /* CRATON_PKCS11_PKCS11_H */", ""]
    return "\n".join(out)


# --------------------------------------------------------------------------
# Consistency checks on the parsed tables
# --------------------------------------------------------------------------

def check_aliases(consts):
    for alias, preferred in COMPAT_ALIASES.items():
        if alias not in consts or preferred not in consts:
            fail("compat alias %s/%s not both in the constants table"
                 % (alias, preferred))
        if consts[alias] != consts[preferred]:
            fail("compat alias %s differs from %s" % (alias, preferred))
    # Outside the shared-value prefixes a repeated value is either a known
    # alias or a transcription error; refuse to guess which.
    known = set(COMPAT_ALIASES) | set(COMPAT_ALIASES.values())
    by_value = {}
    for name, value in consts.items():
        prefix = name.split("_")[0]
        if prefix in SHARED_VALUE_PREFIXES:
            continue
        other = by_value.setdefault((prefix, value), name)
        if other != name and not {name, other} <= known:
            fail("%s and %s share value 0x%X but are not a known alias pair"
                 % (other, name, value))


def check_functions(funcs, declared):
    for name, params in funcs.items():
        for t, p in params:
            if t not in declared:
                fail("%s parameter %s has unknown type %s" % (name, p, t))
    # p11-kit 0.26 declares this length as a pointer; the OASIS header (and
    # therefore this project) passes it by value, so guard against a slip.
    decap = dict((p, t) for t, p in funcs.get("C_DecapsulateKey", []))
    if decap.get("ulCiphertextLen") != "CK_ULONG":
        fail("C_DecapsulateKey must take ulCiphertextLen as CK_ULONG")


# --------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------

def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("constants_md")
    ap.add_argument("out_dir")
    ap.add_argument("--spec", help="pkcs11-3.2.md for cross-checks "
                    "(default: next to CONSTANTS_MD)")
    args = ap.parse_args(argv)

    with open(args.constants_md, encoding="utf-8") as f:
        text = f.read()
    sections = split_sections(text, 2)
    wanted = {"consts": "Constants",
              "typedefs": "Scalar typedefs",
              "structs": "Structures (fields in order)",
              "funcs": "Functions (prototypes, in pkcs11f.h order)"}
    for title in wanted.values():
        if title not in sections:
            fail("constants file lacks section '## %s'" % title)

    groups, consts = parse_constants(sections)
    typedefs = parse_typedefs(sections[wanted["typedefs"]])
    structs = parse_structs(sections[wanted["structs"]])
    funcs = parse_functions(sections[wanted["funcs"]])
    cutoffs = parse_list_cutoffs(text, len(funcs))

    clash = set(typedefs) & set(structs)
    if clash:
        fail("names both typedef and structure: %s" % sorted(clash))
    check_aliases(consts)

    fwd_structs = list(cutoffs)
    ordered, derived = build_type_declarations(typedefs, structs, fwd_structs)
    check_functions(funcs, {d["name"] for d in ordered} | set(fwd_structs))

    spec_path = args.spec or os.path.join(
        os.path.dirname(os.path.abspath(args.constants_md)), "pkcs11-3.2.md")
    if os.path.exists(spec_path):
        with open(spec_path, encoding="utf-8") as f:
            nslots, checked = check_against_spec(f.read(), funcs, cutoffs)
        print("cross-check: %d-slot function order matches section 3.7; "
              "parameters of %d functions match sections 3.1-3.6"
              % (nslots, len(checked)), file=sys.stderr)
    elif args.spec:
        fail("spec file %s not found" % spec_path)
    else:
        print("warning: %s not found, cross-checks skipped" % spec_path,
              file=sys.stderr)

    os.makedirs(args.out_dir, exist_ok=True)
    outputs = {
        "pkcs11t.h": write_pkcs11t(groups, ordered, fwd_structs),
        "pkcs11f.h": write_pkcs11f(funcs),
        "pkcs11.h": write_pkcs11(funcs, cutoffs),
    }
    for fname, content in outputs.items():
        with open(os.path.join(args.out_dir, fname), "w", encoding="utf-8",
                  newline="\n") as f:
            f.write(content)

    print("emitted: %d constants, %d table typedefs + %d supplied _PTR "
          "typedefs (%s), %d structures, %d callbacks, %d functions; %s"
          % (len(consts), len(typedefs), len(derived), ", ".join(derived),
             len(structs), len(CALLBACKS), len(funcs),
             ", ".join("%s=%d" % kv for kv in cutoffs.items())),
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except SpecError as e:
        print("gen_pkcs11_headers: error: %s" % e, file=sys.stderr)
        sys.exit(1)
