"""PDF reports made with ReportLab: they take domain snapshots and write a file.

This layer never sees a database session; it imports only `facilitator.domain` and ReportLab.
"""
