"""The files xlkpi adds to an xlwings Server project (``xlkpi server -o PROJECT``).

- ``custom_functions/``: the module xlwings Server loads as custom functions (KPI_*);
- ``custom_scripts/``: the *Build report* and *Check data* scripts;
- ``templates/manifest.xml`` and ``static/js/ribbon.js``: the add-in's KPI ribbon tab
  with those two buttons (they override xlwings Server's own files of the same name).
"""
