#!/usr/bin/env python3
"""md_table.py RESULTS.json - print craton-bench results as the markdown
tables used in docs/benchmarks.md (times in microseconds, time ratios)."""
import json
import statistics
import sys


def us(r):
    if r is None:
        return "n/a"
    v = r["median_ns"] / 1000.0
    return f"{v:.3f}" if v < 10 else (f"{v:.1f}" if v < 1000 else f"{v:,.0f}")


def ratio(x):
    return "-" if not x else (f"{x:.3f}" if x < 0.1 else f"{x:.2f}")


def main():
    d = json.load(open(sys.argv[1]))
    cfg = d["config"]
    ours, ref = cfg["ours"], cfg["reference"]
    res = {}
    for r in d["results"]:
        if r.get("status") == "ok" and "median_ns" in r:
            res[(r["op"], r["variant"] if r["target"] != "libcrypto" else "", r["target"])] = r
    print(f"| operation | {ours} µs | {ref} µs | libcrypto µs | {ours}/{ref} | {ours}/libcrypto | {ours} p99 µs "
          f"| {ours} CPU/op µs | CPU {ours}/libcrypto | target |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for c in d["comparisons"]:
        op, var = c["op"], c["variant"]
        o = res.get((op, var, ours))
        s = res.get((op, var, ref))
        f = res.get((op, "", "libcrypto"))
        name = op + ("/" + var if var else "")
        p99 = f"{o['p99_ns'] / 1000:.1f}" if o else "n/a"
        cpu = f"{o['cpu_ns_per_op'] / 1000:.3f}" if o and "cpu_ns_per_op" in o else "n/a"
        print(f"| {name} | {us(o)} | {us(s)} | {us(f)} | {ratio(c.get('ours_vs_reference'))} | "
              f"{ratio(c.get('ours_vs_floor'))} | {p99} | {cpu} | {ratio(c.get('ours_vs_floor_cpu'))} | "
              f"{c.get('target_check', '')} |")
    if d.get("parallel"):
        cap = {c["threads"]: c["ratio_median"] for c in d.get("capacity", [])}
        print()
        print("| operation | target | threads | ops/s (median) | scaling vs 1 thread | machine capacity | errors |")
        print("|---|---|---:|---:|---:|---:|---:|")
        for p in d["parallel"]:
            name = p["op"] + ("/" + p["variant"] if p["variant"] else "")
            if p["status"] != "ok":
                print(f"| {name} | {p['target']} | {p['threads']} | {p['status']} | | | |")
                continue
            print(f"| {name} | {p['target']} | {p['threads']} | {p['ops_per_s_median']:,.0f} | "
                  f"{p['scaling_median']:.2f} | {cap.get(p['threads'], 0):.2f} | {p['errors']} |")


if __name__ == "__main__":
    main()
