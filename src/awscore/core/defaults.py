"""The account and region a call uses when none is given (AWS's documentation examples use these)."""

DEFAULT_ACCOUNT = "123456789012"
DEFAULT_REGION = "us-east-1"
