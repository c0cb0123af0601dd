"""Model-assisted labeling: a small per-campaign model whose predictions are one more worker's answers.

Pure parts (features, training, the serialised form, what to predict) beside the scheduled use case that reads
a campaign's settled items, trains off the transaction and off the event loop's thread, and writes predictions.
"""
