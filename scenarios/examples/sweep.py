#!/usr/bin/env python3
"""Drives a parameter sweep from Python (standard library only) and reads it.

    python3 scenarios/examples/sweep.py [--sanctsim PATH] [--scenario FILE]
                                        [--out DIR] [--jobs N] [-- more sweep options]

Runs a Latin-hypercube sweep over factors on every intermediary's base
commission and every enforcer's enforcement (scale.base_commission and
scale.enforcement, which reach the values that [intermediary X] sections
and [change] sections set too; 12 points, 4 replicates each), reads
sweep.csv and sweep-summary.csv with the csv module, recomputes one summary
figure from the rows as a check, prints the five points that leak most, and
reruns one row alone with `sanctsim run`, whose headline.csv must end with
the same final leakage.
"""
import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sanctsim", default=os.environ.get("SANCTSIM", "sanctsim"))
    p.add_argument("--scenario", default="scenarios/illustrative.ini")
    p.add_argument("--out", default="runs/example-sweep-py")
    p.add_argument("--jobs", type=int, default=None)
    p.add_argument("extra", nargs="*", help="more options for sanctsim sweep")
    a = p.parse_args()
    if not shutil.which(a.sanctsim):
        sys.exit("sweep.py: cannot find the program '%s': install it (make install), or name it "
                 "with --sanctsim ./sanctsim or SANCTSIM=./sanctsim" % a.sanctsim)

    keys = ["scale.base_commission", "scale.enforcement"]
    cmd = [a.sanctsim, "sweep", a.scenario,
           "--sample", keys[0] + "=0.5:2",
           "--sample", keys[1] + "=0.5:4",
           "--points", "12", "--replicates", "4", "--out", a.out] + a.extra
    if a.jobs:
        cmd += ["--jobs", str(a.jobs)]
    # Exit status 0: every run done; 1: some runs failed (sweep.csv is
    # written, their status column says why); 2: bad input. A sweep stopped
    # by a signal ends by it (returncode -N): run the same command again to
    # resume from its journal.
    done = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)
    if done.returncode < 0:
        sys.exit("sanctsim sweep was stopped by signal %d: run this again to resume"
                 % -done.returncode)
    written = os.path.exists(os.path.join(a.out, "sweep.csv"))
    if done.returncode != 0 and not (done.returncode == 1 and written):
        sys.exit("sanctsim sweep failed with status %d" % done.returncode)

    rows = read_csv(os.path.join(a.out, "sweep.csv"))
    summary = read_csv(os.path.join(a.out, "sweep-summary.csv"))
    failed = [r for r in rows if r["status"] != "ok"]
    print("%d runs, %d failed" % (len(rows), len(failed)))

    ok = [r for r in rows if r["status"] == "ok"]
    if not ok:
        sys.exit("no run succeeded: see the status column of sweep.csv")

    # The summary is per point and indicator (a point whose runs all failed
    # has an empty mean); check one figure against the rows: the mean of
    # the first point with a successful run.
    leak = [s for s in summary if s["indicator"] == "final_leakage" and s["mean"] != ""]
    point = ok[0]["point"]
    mean = statistics.mean(float(r["final_leakage"]) for r in ok if r["point"] == point)
    mean_0 = next(s["mean"] for s in leak if s["point"] == point)
    if abs(mean - float(mean_0)) > 1e-9 * max(1.0, abs(mean)):
        sys.exit("summary mean %s of point %s differs from the rows' mean %r" % (mean_0, point, mean))

    # The varied keys of a summary row are its columns between point and
    # indicator (the two sampled here, and any that extra --vary options add).
    print("the five points that leak most (final leakage, mean and 5-95 %):")
    columns = list(summary[0])
    shown = columns[columns.index("point") + 1:columns.index("indicator")]
    for s in sorted(leak, key=lambda s: -float(s["mean"]))[:5]:
        print("  %s  %.3f  [%.3f, %.3f]" % (
            " ".join("%s=%-8.4g" % (k, float(s[k])) if k in keys else "%s=%s" % (k, s[k])
                     for k in shown),
            float(s["mean"]), float(s["q05"]), float(s["q95"])))

    # Rerun the first successful row alone and compare its final leakage,
    # the last month of its headline.csv (summary.csv has a row per
    # coalition, target, sector and direction).
    # The row's varied keys are its columns between replicate and seed
    # (these two, and any that extra --vary options add).
    row = ok[0]
    columns = list(row)
    varied = columns[columns.index("replicate") + 1:columns.index("seed")]
    sets = [arg for key in varied for arg in ("--set", "%s=%s" % (key, row[key]))]
    # Its own name, by which its brief would be titled (run warns without).
    sets += ["--set", "scenario.name=Point %s, replicate %s of the sweep" % (
        row["point"], row["replicate"])]
    rerun = os.path.join(a.out, "rerun-py")
    subprocess.run([a.sanctsim, "run", os.path.join(a.out, "sweep-scenario.ini")] + sets +
                   ["--seed", row["seed"], "--out", rerun, "--force"],
                   check=True, stdout=subprocess.DEVNULL)
    last = read_csv(os.path.join(rerun, "headline.csv"))[-1]
    if last["leakage"] != row["final_leakage"]:
        sys.exit("rerun gave %s, the sweep %s" % (last["leakage"], row["final_leakage"]))
    print("point %s replicate %s rerun alone: final leakage %s, the same" % (
        row["point"], row["replicate"], last["leakage"]))


if __name__ == "__main__":
    main()
