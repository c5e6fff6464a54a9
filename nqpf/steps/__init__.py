"""Steps between the dbt assembly models and the numeric kernels: frames in, frames out."""
