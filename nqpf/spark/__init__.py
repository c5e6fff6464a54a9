"""The Spark engine: the same dbt project and kernels on Apache Spark (`nqpf build --engine spark`).

``session`` starts or joins the SparkSession and exposes the canonical Parquet files as tables,
``steps`` runs the matrix steps as Spark jobs (``groupBy(...).applyInPandas``), ``engine``
runs the build in phases and exports the Spark tables into the DuckDB warehouse file.
"""
