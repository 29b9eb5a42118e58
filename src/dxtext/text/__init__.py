"""Text → tokens: the user dictionary (source, validation, compiled MeCab dictionary), the tokenizer and its
cache, term suggestions and masking of personal data."""
