/* Payment networks (docs/model.md section 3d): the settlement cost of
 * trade between countries that share no working network. Pure.
 * Invariant: with no network in the configuration nothing changes, and the
 * cost never reroutes a flow (it enters the fixed factor every route pays,
 * so it creates no transit). */
#ifndef SS_PAYMENTS_H
#define SS_PAYMENTS_H

#include "config.h"

/* 1 when countries i and j are both members of a network in force in
 * month t. */
int ss_payments_shared(const ss_config *c, size_t i, size_t j, long t);

/* The factor on a link between countries without a shared network: the
 * settlement cost, at most the payment agents' fee,
 * 1 + min(settlement_cost, payment_fee). */
double ss_payments_factor(const ss_config *c);

/* Multiplies `fixed` (n * n * k) of every foreign link whose two countries
 * share no network in force in month t by ss_payments_factor; does nothing
 * when the configuration has no network. Returns 1 when it touched fixed. */
int ss_payments_apply(const ss_config *c, long t, double *fixed);

#endif
