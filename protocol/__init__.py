"""What on-chain and off-chain GPUHive code must agree on byte for byte."""
