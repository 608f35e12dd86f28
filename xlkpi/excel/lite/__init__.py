"""The files of xlkpi's xlwings Lite workbook: ``main.py`` and ``requirements.txt``.

``xlkpi lite -o FOLDER --wheel-url URL`` writes them (see docs/getting-started-excel.md);
paste each into the tab of the same name in the xlwings Lite editor.
"""
