"""One small module per report sheet; each turns the ReportContext into a SheetSpec."""
