#!/usr/bin/env python3
"""plot.py RESULTS.json OUT.png - draw craton-bench results.

Left: time ratios ours/reference and ours/libcrypto per operation (log scale;
below 1 = ours faster). Right (if the run had --threads): scaling vs one
thread next to the machine's measured parallel capacity.
Needs python3-matplotlib; without it, prints a note and exits 0.
"""
import json
import sys


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        return 2
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("note: python3-matplotlib is not installed; chart skipped "
              "(apt-get install python3-matplotlib)")
        return 0
    with open(sys.argv[1]) as f:
        data = json.load(f)
    cfg = data.get("config", {})
    ours, ref = cfg.get("ours", "ours"), cfg.get("reference", "reference")

    rows = [c for c in data.get("comparisons", [])
            if c.get("ours_vs_reference") or c.get("ours_vs_floor")]
    parallel = [p for p in data.get("parallel", []) if p.get("status") == "ok"]
    ncols = 2 if parallel else 1
    fig, axes = plt.subplots(1, ncols, figsize=(9 * ncols, max(6, 0.28 * len(rows) + 2)), squeeze=False)

    ax = axes[0][0]
    names = [c["op"] + ("/" + c["variant"] if c["variant"] else "") for c in rows]
    ys = range(len(rows))
    h = 0.4
    vr = [c.get("ours_vs_reference") or 0 for c in rows]
    vf = [c.get("ours_vs_floor") or 0 for c in rows]
    ax.barh([y - h / 2 for y in ys], vr, height=h, label=f"{ours} / {ref}", color="#1f77b4")
    ax.barh([y + h / 2 for y in ys], vf, height=h, label=f"{ours} / libcrypto", color="#ff7f0e")
    ax.axvline(1.0, color="black", linewidth=1)
    ax.axvline(1.25, color="red", linewidth=1, linestyle="--", label="1.25x floor target")
    ax.set_xscale("log")
    ax.set_yticks(list(ys))
    ax.set_yticklabels(names, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("time ratio (log scale; < 1 = %s faster)" % ours)
    meta = data.get("meta", {})
    load = meta.get("loadavg_start", [0])[0]
    ax.set_title(f"median of {cfg.get('rounds')} round medians; load avg {load:.1f} at start")
    ax.legend(fontsize=8, loc="lower right")
    ax.grid(axis="x", which="both", alpha=0.3)

    if parallel:
        ax2 = axes[0][1]
        cap = {c["threads"]: c.get("ratio_median", 0) for c in data.get("capacity", [])}
        series = {}
        for p in parallel:
            if p["threads"] == 1:
                continue
            series.setdefault((p["op"], p["target"]), []).append((p["threads"], p.get("scaling_median", 0)))
        labels, vals, caps = [], [], []
        for (op, target), pts in series.items():
            for n, s in sorted(pts):
                labels.append(f"{op} {target} x{n}")
                vals.append(s)
                caps.append(cap.get(n, 0))
        ys2 = range(len(labels))
        ax2.barh([y - h / 2 for y in ys2], vals, height=h, label="scaling vs 1 thread", color="#2ca02c")
        ax2.barh([y + h / 2 for y in ys2], caps, height=h, label="machine capacity (busy loop)", color="#7f7f7f")
        ax2.set_yticks(list(ys2))
        ax2.set_yticklabels(labels, fontsize=7)
        ax2.invert_yaxis()
        ax2.axvline(1.0, color="black", linewidth=1)
        ax2.set_xlabel("throughput vs one thread (same round)")
        ax2.set_title("multi-thread scaling")
        ax2.legend(fontsize=8, loc="lower right")
        ax2.grid(axis="x", alpha=0.3)

    fig.tight_layout()
    fig.savefig(sys.argv[2], dpi=110)
    return 0


if __name__ == "__main__":
    sys.exit(main())
