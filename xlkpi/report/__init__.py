"""The report workbook: compute KPIs per period and write report.xlsx with openpyxl."""
