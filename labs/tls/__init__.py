"""TLS you can touch: certificates made with `cryptography`, a real HTTPS server on 127.0.0.1, and
the ELB security policies the lab knows. Chapter 05 uses all three."""
