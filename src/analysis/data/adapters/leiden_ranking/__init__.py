"""CWTS Leiden Ranking download → `data/raw/benchmark/leiden_ranking.csv`.

The Leiden Ranking is the one real knowledge-exchange indicator measured the same
way for every Dutch university and for ETH Zürich, Oxford and KU Leuven: the share
of a university's publications co-authored with industry (`PP_industry_collab`,
in %) and their number (`P_industry_collab`). This importer turns a Leiden Ranking
file into the monitor's raw table, one row per edition × period × field × counting
method × university, so that no value is ever typed by hand.

Two layouts are read:

* **Official open-data download** (the Excel workbook leidenranking.com publishes
  per edition, sheet ``Results``, or the same table saved as CSV): one row per
  university × period × field × counting method, with the columns ``Field``
  (e.g. ``All sciences``), ``Period`` (e.g. ``2015–2018``), ``Frac_counting``
  (``0`` = full counting, ``1`` = fractional counting), ``University``,
  ``Country``, ``impact_P`` and ``collab_P`` (the publication counts behind the
  impact and the collaboration indicators) and the indicator columns
  ``P_collab``, ``PP_collab``, ``P_int_collab``, ``P_industry_collab``,
  ``PP_industry_collab``, …. Where these names come from: scripts that read the
  official workbook, e.g. GitHub ``on-merrit/data_sharing_abm``
  (``analysis/01-calibration-exploration.R``: ``read_xlsx("CWTS Leiden Ranking
  2020.xlsx", sheet = "Results")``, ``filter(Field == "All sciences",
  Frac_counting == 0)``, ``select(University, Period, impact_P)``),
  ``isabellazramos/LeidenRanking`` (``shiny/global.R``: ``Country``,
  ``Frac_counting``, ``Field``, ``impact_P``, ``collab_P``, ``P_top10``,
  ``P_industry_collab``; ``shiny/server.R``: ``PP_industry_collab``, periods
  written ``2015–2018``) and a Finnish statistics warehouse loading
  ``pp_industry_collab``, ``p_industry_collab`` and ``collab_p`` per university
  and year. Stability intervals (``PP_industry_collab_LB`` / ``_UB``, the names
  CWTS uses in the Open Edition's source, ``CWTSLeiden/CWTS-Leiden-Ranking-Open-
  Edition``) are read when the file has them and left empty otherwise. Column
  names are matched without regard to case. An ``Edition`` column, if present,
  gives the edition per row, so a file that stacks several editions imports in
  one go; otherwise the edition comes from ``--edition`` or a year in the file
  name. Every period in the file is kept, so one edition's download already
  gives a series over time (computed with one method); the field and counting
  method are selected (default ``All sciences``, full counting).
* **Wide one-period copy** (``../shared/reference/cwts_leiden_ranking_2020.csv``,
  read from the CRAN R package ``nda`` 0.2.5, ``data/CWTS_2020.rda``): one row
  per university, columns ``university,TCS,TNCS,P_top1,…,PP_industry_collab,…``,
  no period, field, counting or country and no publication count `P`. Edition
  and period must be given (``--edition 2020 --period 2015–2018``); the period
  is then marked ``inferred`` (CWTS states 2015–2018 for the 2020 edition, the
  package's help says 2016–2019), and field and counting are taken as given
  (``All sciences``, full counting, as the package describes its copy).

Dutch universities get their `institution_id` (institutions.csv) and the three
peers their `peer_id` (benchmark/peers.csv) by exact name, per `NAME_TO_ID`.
Country is copied when the file has it and never invented. The status of every
row is the status of its source in sources.csv (the nda copy is `secondary`, a
download from CWTS itself `read`).

Shares are never read by their size: a file writes them as percentages (15.6) or
as proportions (0.156), and which one is proven by a row whose publication count
(`collab_P`, `P`) and count P_x give the share, or declared with `--share-unit`
(the nda copy has no P: it is imported with `--share-unit percent`). A file whose
scale neither is proven nor declared is refused with that reason.

The file is streamed within the limits of `analysis.data.limits` (rows, columns,
cell length, what a workbook unpacks to, the size of the table `validate` accepts),
numbers are bounded before any arithmetic, and names holding control or bidirectional
characters are refused (`analysis.data.names`). Bad input raises
`analysis.errors.InputError` naming file, row (header = 1), column and rule. Rows of other editions (or of another field or counting method)
already in the table are kept; rows of the imported edition, field and counting
method are replaced.

Modules: `layout` (the columns), `reading`, `parsing` and `writing`.
"""
