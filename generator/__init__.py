"""archkit: starter repositories for Azure AI reference architectures."""

__version__ = "0.1.0"
