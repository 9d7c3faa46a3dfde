"""Pure figure builders: small DataFrames in, Plotly figures out (no database access)."""
