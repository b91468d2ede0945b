/* Supply that must be placed (docs/model.md, "Supply and factory prices"):
 * an exporter's supply in a sector, in value at factory price p relative to
 * the baseline, is p^(1 + e) times its baseline sales, e its supply
 * elasticity. The price that clears its sales, the month's step toward
 * it, and what a price cap lets the target fetch. Pure functions; the simulation's use of them is
 * in sim_supply.c. Invariant: every price returned is finite and > 0. */
#ifndef SS_SUPPLY_H
#define SS_SUPPLY_H

/* The price that clears an exporter's sales in one sector, by one Newton
 * step in logs from the price p in force: its buyers' target spending on
 * its goods `demand` (USD, at p), the elasticity of that spending to its
 * price `slope` (<= 0; (1 - sigma) (1 - share) averaged over its markets),
 * its baseline sales `base` and its supply elasticity e (>= 0, finite):
 *   ln p* = ln p + (ln demand - (1 + e) ln p - ln base) / (1 + e - slope).
 * Exact where the slope is constant (a supplier small in its markets, or
 * sigma = 1); its fixed point clears sales exactly whatever the slope.
 * Returns p when demand or base is 0 (nothing to clear). */
double ss_supply_clearing(double p, double demand, double slope, double base, double e);

/* The factory price next month: part `speed` of the way from p to the
 * clearing price, in logs: p (clear / p)^speed. */
double ss_supply_step(double p, double clear, double speed);

/* What the exports covered by a price cap fetch at factory price p (both
 * relative to the baseline; docs/model.md, "Price caps"): the cap, sold
 * with the coalition's services, or p less the dearer services' extra
 * cost `rate` without them, whichever pays more, and never more than p:
 * min(p, max(cap, p / (1 + rate))). p at or below the cap. */
double ss_supply_capped(double p, double cap, double rate);

#endif
