"""The downloads of one version: snapshot → JSON, CSV, ArchiMate XML and PDF bytes."""
