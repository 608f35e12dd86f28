Attribute VB_Name = "xlkpi_ribbon"
' xlkpi ribbon callbacks: the KPI tab of workbook_template.xlsm (customUI.xml).
' Generated into the workbook by `xlkpi template`; edit this file, not the workbook.
'
' Each button runs Python through the xlwings add-in (install it once with
' `xlwings addin install`). Application.Run calls the add-in's RunPython by name.
' The project also references the add-in's VBA project (as xlwings' quickstart.xlsm
' does): the wrappers that xlwings > Import Functions writes call XLPy.CallUDF there.
Option Explicit

Private Const XLWINGS_RUNPYTHON As String = "'xlwings.xlam'!RunPython"

Private Sub KpiRunPython(ByVal PythonCommand As String)
    ' RunPython "<PythonCommand>" through the installed xlwings add-in.
    On Error GoTo NoXlwings
    Application.Run XLWINGS_RUNPYTHON, PythonCommand
    Exit Sub
NoXlwings:
    MsgBox "The KPI buttons need Python with xlkpi and the xlwings add-in." & vbCrLf & vbCrLf & _
           "xlkpi is not on PyPI yet: in a terminal, in a checkout of the xlkpi" & vbCrLf & _
           "repository, run" & vbCrLf & _
           "    pip install ." & vbCrLf & _
           "    xlwings addin install" & vbCrLf & _
           "then restart Excel. Guide: docs/getting-started-excel.md" & vbCrLf & vbCrLf & _
           "(" & Err.Description & ")", vbExclamation, "xlkpi"
End Sub

Public Sub KpiBuildReport(control As IRibbonControl)
    KpiRunPython "import xlkpi.excel.ribbon as r; r.build_report()"
End Sub

Public Sub KpiCheckData(control As IRibbonControl)
    KpiRunPython "import xlkpi.excel.ribbon as r; r.check_data()"
End Sub

Public Sub KpiInsertSample(control As IRibbonControl)
    KpiRunPython "import xlkpi.excel.ribbon as r; r.insert_sample()"
End Sub

Public Sub KpiHelp(control As IRibbonControl)
    KpiRunPython "import xlkpi.excel.ribbon as r; r.show_help()"
End Sub
