"""Write the output folder: output files and jobs → ``output/``, staged beside it and swapped in atomically.

Takes: the items from the render stages (``model.outputs``).
Gives: the written site and a report of files written, kept and removed; the previous output
stays untouched until the swap.
"""
