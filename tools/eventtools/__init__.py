"""Event extraction's evaluation, training and benchmark tools: they import the runtime
package (events/), which never imports them. Their commands keep their old names
(``python -m events.evaluate``, ``events.locations_eval``, ``events.train_attach``,
``events.bench``): thin entry points in events/ that call these modules."""
