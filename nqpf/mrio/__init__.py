"""A multi-regional IO table (MRIO) from single-region tables with inflow and outflow columns.

Single-region tables of one country and year report trade with the other regions only as one
inflow and one outflow per product. :mod:`.lumped` splits domestic trade out of the exports of
regions that report none, :mod:`.tradability` says which products trade and how fast their
trade decays with distance, :mod:`.assemble` sets each region's origin supply and absorbed
demand (re-exports apart), :mod:`.gravity` estimates who ships to whom from those totals and
the distances between regions (:mod:`.distance`), :mod:`.ras` balances the estimate to the
totals, and :mod:`.assemble` splits each region's intermediate and final use by origin so that
every region's column of the MRIO sums back to its own table. :mod:`.dataset` does this for a
canonical dataset (``nqpf mrio``); :mod:`.compare` sets the result beside a published MRIO
(``nqpf mrio compare``). docs/METHOD.md section 11 has the recipe.
"""
