#!/usr/bin/env python3
"""Self-check of the two Python peers.

Usage:  /usr/bin/python3 check.py [--agents 100000] [--days 365] [--seeds 10]
Exit status 0 when every check passes, 1 otherwise. Takes about 10-20 s on 2 cores.

1. Exact checks (same random stream, different bookkeeping, so results must be identical):
   a. core_numpy.simulate against a literal pure-Python reference written here (recovery applied
      to every agent every day, records applied one by one, a sanction pass over everyone)
      that consumes numpy's PCG64 stream in the same order: tests the numpy peer's lazy
      "anchor" scores, merged records and sparse sanction bookkeeping. Run with the core
      model's parameters and with stress parameters (many records, scores clamped at 0, many
      sanction entries and exits).
   b. core_numba lazy recovery against core_numba daily recovery (same MT19937 stream).
   Besides the six metrics these compare two diagnostics, sanction entries (re-entries counted)
   and agents under sanction at the end, because exits barely move the six metrics (an exit
   matters to them only through a later re-entry).
2. Agreement within sampling error: numpy and numba peers (different RNGs) at N agents, D days,
   seeds 1..K each. For every metric (and the two diagnostics), Welch's z = (mean_numpy - mean_numba) /
   sqrt(s_numpy^2/K + s_numba^2/K) must satisfy |z| < 4 (with K = 10, about a 0.1 % chance per
   metric of failing when both are right). The absolute tolerance this implies is printed.
3. Analytic: eventsPerAgent, pooled over all 2K runs, against D * E[min(1, r * m)] with m the
   capped lognormal multiplier; |z| < 4 with the exact standard error of the per-agent count
   (Var = D E[q] - D E[q^2] + D^2 Var(q), q = min(1, r m)). Also recorded/events against
   p (tpir + fpir) and erroneous/events against p fpir (binomial standard errors, |z| < 4).
"""
import argparse
import math
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

try:
    import numpy as np
    import core_numpy
    import core_numba
except ImportError as e:
    sys.stderr.write("check.py: {}; run with /usr/bin/python3 after installing python3-numpy and "
                     "python3-numba from Debian.\n".format(e))
    sys.exit(2)

M = core_numpy  # constants (identical in both peers)
METRICS = ("eventsPerAgent", "recordedEventsPerAgent", "erroneousRecordsPerAgent",
           "sanctionRate", "wrongfulSanctionRate", "meanScore")
DIAGNOSTICS = ("sanctionEntriesPerAgent", "underSanctionAtEndRate")   # test exits; not metrics
ALL = METRICS + DIAGNOSTICS
# Stress parameters for the exact checks: "heavy" drives scores to the 0 floor with several
# records per agent per day; "churn" keeps many agents near the thresholds, so sanctions are
# entered, left and re-entered (wrongfulness is judged at each entry).
HEAVY = dict(rate=0.2, detect=0.9, tpir=0.5, fpir=0.45)
CHURN = dict(rate=0.03, detect=0.6, tpir=0.7, fpir=0.25)
Z_MAX = 4.0

failures = []


def report(ok, text):
    print(("  ok    " if ok else "  FAIL  ") + text)
    if not ok:
        failures.append(text)


# ---- analytic moments of the capped multiplier ------------------------------------------------
def phi_cdf(x):
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def capped_moments(c):
    """E[min(m, c)] and E[min(m, c)^2] for m ~ lognormal(MU, SIGMA)."""
    s, mu = M.SIGMA, M.MU
    z = (math.log(c) - mu) / s
    tail = 1.0 - phi_cdf(z)
    e1 = math.exp(mu + s * s / 2) * phi_cdf(z - s) + c * tail
    e2 = math.exp(2 * mu + 2 * s * s) * phi_cdf(z - 2 * s) + c * c * tail
    return e1, e2


def expected_events(days, rate=M.RATE):
    """Mean and per-agent variance of an agent's offence count over `days`.
    q = min(1, r min(m, CAP)) = r min(m, min(CAP, 1/r))."""
    e1, e2 = capped_moments(min(M.CAP, 1.0 / rate))
    eq, eq2 = rate * e1, rate * rate * e2
    mean = days * eq
    var = days * eq - days * eq2 + days * days * (eq2 - eq * eq)
    return mean, var


# ---- literal reference on numpy's stream ------------------------------------------------------
def reference(n, days, seed, rate=M.RATE, detect=M.DETECT, tpir=M.TPIR, fpir=M.FPIR):
    """Literal transcription of the core model in plain Python. Draws its random numbers with
    exactly the calls core_numpy makes, in the same order, so the results must be identical."""
    rng = np.random.default_rng(seed)
    m = np.minimum(rng.lognormal(M.MU, M.SIGMA, n), M.CAP)
    prob = np.minimum(1.0, rate * m).astype(np.float32).tolist()
    p_true, p_any = detect * tpir, detect * (tpir + fpir)
    rec = [M.BASE] * n
    tru = [M.BASE] * n
    under = [False] * n
    ever = [False] * n
    wrongful = [False] * n
    offences = true_records = erroneous_records = entries = 0

    def towards_base(x):
        return x + 1 if x < M.BASE else (x - 1 if x > M.BASE else x)

    for d in range(1, days + 1):
        rec = [towards_base(x) for x in rec]                       # recovery
        tru = [towards_base(x) for x in tru]
        u = rng.random(n, dtype=np.float32).tolist()               # offences
        offenders = [i for i in range(n) if u[i] < prob[i]]
        offences += len(offenders)
        v = rng.random(len(offenders)).tolist()                    # detection/identification
        n_err = sum(1 for x in v if p_true <= x < p_any)
        targets = rng.integers(0, n - 1, size=n_err).tolist()
        records = []                                               # (agent, is_true)
        k = 0
        for i, x in zip(offenders, v):
            if x < p_true:
                records.append((i, True))
            elif x < p_any:
                j = targets[k]
                k += 1
                records.append((j + 1 if j >= i else j, False))
        for j, is_true in records:                                 # apply, one by one
            rec[j] = max(rec[j] - M.DROP, M.FLOOR)
            if is_true:
                tru[j] = max(tru[j] - M.DROP, M.FLOOR)
                true_records += 1
            else:
                erroneous_records += 1
        for i in range(n):                                         # sanctions
            if under[i]:
                if rec[i] >= M.EXIT_AT:
                    under[i] = False
            elif rec[i] < M.ENTER_BELOW:
                under[i] = ever[i] = True
                entries += 1
                if tru[i] >= M.ENTER_BELOW:
                    wrongful[i] = True
    metrics = {
        "eventsPerAgent": offences / n,
        "recordedEventsPerAgent": (true_records + erroneous_records) / n,
        "erroneousRecordsPerAgent": erroneous_records / n,
        "sanctionRate": sum(ever) / n,
        "wrongfulSanctionRate": sum(wrongful) / n,
        "meanScore": sum(rec) / n,
    }
    diagnostics = {"sanctionEntriesPerAgent": entries / n, "underSanctionAtEndRate": sum(under) / n}
    return metrics, diagnostics


def flat(result):
    metrics, diagnostics = result
    return dict(metrics, **diagnostics)


def same(a, b):
    return all(abs(a[k] - b[k]) <= 1e-9 * max(1.0, abs(a[k])) for k in ALL)


def short(mt):
    return ", ".join("{}={:.6g}".format(k, mt[k]) for k in ALL)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--agents", type=int, default=100_000)
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--seeds", type=int, default=10)
    a = ap.parse_args()
    if a.seeds < 5:
        ap.error("--seeds must be >= 5 (the standard errors are estimated from the seeds)")
    t_start = time.perf_counter()

    print("1a. numpy peer == literal reference (same PCG64 stream)")
    for n, days, seed, params, label in ((3000, 365, 1, {}, "core"), (3000, 365, 2, {}, "core"),
                                         (600, 200, 3, HEAVY, "heavy"),
                                         (1000, 365, 4, CHURN, "churn")):
        got = flat(core_numpy.simulate(n, days, seed, **params))
        want = flat(reference(n, days, seed, **params))
        report(same(got, want), "{} N={} D={} seed={}: {}".format(label, n, days, seed, short(got)))
        if not same(got, want):
            print("        reference: " + short(want))

    print("1b. numba lazy recovery == numba daily recovery (same MT19937 stream)")
    for n, days, seed, params, label in ((a.agents, a.days, 1, {}, "core"),
                                         (2000, 365, 5, HEAVY, "heavy"),
                                         (20000, 365, 6, CHURN, "churn")):
        lazy = flat(core_numba.simulate(n, days, seed, "lazy", **params))
        daily = flat(core_numba.simulate(n, days, seed, "daily", **params))
        report(same(lazy, daily), "{} N={} D={} seed={}: {}".format(label, n, days, seed,
                                                                     short(lazy)))
        if not same(lazy, daily):
            print("        daily: " + short(daily))

    k = a.seeds
    print("2. numpy vs numba, N={} D={}, seeds 1..{} each; |Welch z| < {}".format(
        a.agents, a.days, k, Z_MAX))
    runs = {"numpy": [], "numba": []}
    for seed in range(1, k + 1):
        runs["numpy"].append(flat(core_numpy.simulate(a.agents, a.days, seed)))
        runs["numba"].append(flat(core_numba.simulate(a.agents, a.days, seed)))
    for key in ALL:
        x = np.array([r[key] for r in runs["numpy"]])
        y = np.array([r[key] for r in runs["numba"]])
        se = math.sqrt(x.var(ddof=1) / k + y.var(ddof=1) / k)
        diff = x.mean() - y.mean()
        z = diff / se if se > 0 else (0.0 if diff == 0 else math.inf)
        report(abs(z) < Z_MAX, "{:<26}numpy {:.6g}  numba {:.6g}  diff {:+.3g}  tolerance "
               "+-{:.3g} (4 SE)  z={:+.2f}".format(key, x.mean(), y.mean(), diff, Z_MAX * se, z))

    print("3. analytic checks (pooled over the {} runs)".format(2 * k))
    mean, var = expected_events(a.days)
    e1, _ = capped_moments(M.CAP)
    allruns = runs["numpy"] + runs["numba"]
    ev = np.mean([r["eventsPerAgent"] for r in allruns])
    se = math.sqrt(var / (a.agents * len(allruns)))
    z = (ev - mean) / se
    report(abs(z) < Z_MAX, "eventsPerAgent {:.5f} vs D*E[min(1, r*m)] = {}*{}*{:.6f} = {:.5f} "
           "(SE {:.2g}, z={:+.2f})".format(ev, a.days, M.RATE, e1, mean, se, z))
    print("        (E[m] after the cap, not renormalised: {:.6f}; r*CAP = {:.4f} < 1, so "
          "min(1, r*m) never binds)".format(e1, M.RATE * M.CAP))
    events = sum(r["eventsPerAgent"] for r in allruns) * a.agents
    for key, p in (("recordedEventsPerAgent", M.DETECT * (M.TPIR + M.FPIR)),
                   ("erroneousRecordsPerAgent", M.DETECT * M.FPIR)):
        got = sum(r[key] for r in allruns) * a.agents / events
        se = math.sqrt(p * (1 - p) / events)
        z = (got - p) / se
        report(abs(z) < Z_MAX, "{} / eventsPerAgent = {:.5f} vs {:.4f} (SE {:.2g}, z={:+.2f})"
               .format(key, got, p, se, z))

    print("{} in {:.1f} s".format("all checks passed" if not failures else
                                  "{} check(s) FAILED".format(len(failures)),
                                  time.perf_counter() - t_start))
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
