# Chart 7: the prices the target realises on its exports by sector, the
# change in % from the baseline month: the discount at which it places its
# goods. They move with supply curves, price caps and, on commodities,
# freight (docs/model.md, section 10b). Files as for
# import-prices.gp, in export-prices/.

reset
D = 'export-prices/'
load 'price-lines.gp'
