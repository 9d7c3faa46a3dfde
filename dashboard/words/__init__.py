"""Every sentence the product writes."""
