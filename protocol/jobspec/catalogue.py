"""The fixed catalogues a spec chooses from: model architectures, optimizers, compute kernels.

A requester never ships code. Training names an architecture built by the
worker's own runtime from these validated parameters, and compute names a
deterministic kernel the runtime implements. Adding an entry here (and to
the runtimes) is the only way to add one.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from protocol.jobspec.errors import field_error
from protocol.jobspec.types import Float, Int, Seed


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------- architectures


class Mlp(_Entry):
    """Fully connected network on flat feature vectors."""

    name: Literal["mlp"] = Field(description="Multi-layer perceptron.")
    input_dim: Int = Field(ge=1, le=65_536, description="Features per example.")
    hidden: list[Annotated[Int, Field(ge=1, le=8_192)]] = Field(
        default_factory=lambda: [256], min_length=1, max_length=8, description="Width of each hidden layer, in order."
    )
    output_dim: Int = Field(ge=1, le=100_000, description="Outputs (classes) per example.")
    activation: Literal["relu", "gelu", "tanh"] = Field("relu", description="Activation between layers.")


class CnnSmall(_Entry):
    """A few conv-BN-ReLU-maxpool blocks, global average pooling, linear head."""

    name: Literal["cnn_small"] = Field(description="Small convolutional classifier.")
    in_channels: Int = Field(3, ge=1, le=4, description="Image channels (1 grey, 3 RGB, 4 RGBA).")
    image_size: Int = Field(32, ge=8, le=512, description="Side of the square input images in pixels.")
    num_classes: Int = Field(10, ge=2, le=10_000, description="Classes to predict.")
    width: Int = Field(32, ge=8, le=256, description="Channels of the first block; doubled at each block.")
    depth: Int = Field(3, ge=1, le=6, description="Conv blocks; each halves the image side.")

    @model_validator(mode="after")
    def _pooling_fits(self) -> CnnSmall:
        if self.image_size % (2**self.depth):
            raise field_error(
                "cnn_small",
                [
                    (
                        ("depth",),
                        f"{self.depth} blocks halve the side {self.depth} times, so image_size must be a multiple "
                        f"of {2**self.depth} (it is {self.image_size})",
                        self.depth,
                    )
                ],
            )
        return self


class Resnet18Cifar(_Entry):
    """ResNet-18 adapted to 32×32 RGB images (3×3 stem, no initial max-pool)."""

    name: Literal["resnet18_cifar"] = Field(description="ResNet-18 for CIFAR-sized images.")
    num_classes: Int = Field(10, ge=2, le=1_000, description="Classes to predict.")


Architecture = Annotated[Mlp | CnnSmall | Resnet18Cifar, Field(discriminator="name")]
ARCHITECTURES = ("mlp", "cnn_small", "resnet18_cifar")


# --------------------------------------------------------------------------- optimizers

LearningRate = Annotated[Float, Field(gt=0.0, le=10.0)]
Beta = Annotated[Float, Field(ge=0.0, lt=1.0)]
Decay = Annotated[Float, Field(ge=0.0, le=1.0)]
Eps = Annotated[Float, Field(gt=0.0, le=1.0)]


class Sgd(_Entry):
    """Stochastic gradient descent (torch.optim.SGD)."""

    name: Literal["sgd"] = Field(description="SGD with optional momentum.")
    lr: LearningRate = Field(0.01, description="Learning rate.")
    momentum: Beta = Field(0.0, description="Momentum factor.")
    weight_decay: Decay = Field(0.0, description="L2 penalty.")
    nesterov: bool = Field(False, description="Nesterov momentum; needs momentum above 0.")

    @model_validator(mode="after")
    def _nesterov_needs_momentum(self) -> Sgd:
        if self.nesterov and self.momentum == 0:
            raise field_error("sgd", [(("nesterov",), "Nesterov momentum needs momentum above 0", self.nesterov)])
        return self


class Adam(_Entry):
    """Adam (torch.optim.Adam)."""

    name: Literal["adam"] = Field(description="Adam.")
    lr: LearningRate = Field(0.001, description="Learning rate.")
    beta1: Beta = Field(0.9, description="Decay of the first-moment estimate.")
    beta2: Beta = Field(0.999, description="Decay of the second-moment estimate.")
    eps: Eps = Field(1e-8, description="Added to the denominator for numerical stability.")
    weight_decay: Decay = Field(0.0, description="L2 penalty added to the gradient.")


class AdamW(Adam):
    """AdamW, Adam with decoupled weight decay (torch.optim.AdamW)."""

    name: Literal["adamw"] = Field(description="AdamW.")  # type: ignore[assignment]
    weight_decay: Decay = Field(0.01, description="Decoupled weight decay.")


Optimizer = Annotated[Sgd | Adam | AdamW, Field(discriminator="name")]


# --------------------------------------------------------------------------- compute kernels


class MatmulBlocked(_Entry):
    """C = A·B for n×n int64 matrices drawn from ``seed``, wrapping modulo 2**64.

    Integer arithmetic makes every honest worker produce the same bytes, so
    the hash policy can compare replicas. The work item is one block of
    ``block`` rows of C; the last block may be shorter.
    """

    name: Literal["matmul_blocked"] = Field(description="Blocked integer matrix multiply.")
    n: Int = Field(ge=1, le=65_536, description="Side of the square matrices.")
    block: Int = Field(64, ge=1, le=4_096, description="Rows (and columns) per block; at most n.")
    seed: Seed = Field(0, description="Seed of the generator that fills A and B.")

    @model_validator(mode="after")
    def _block_fits(self) -> MatmulBlocked:
        if self.block > self.n:
            raise field_error(
                "matmul_blocked",
                [
                    (
                        ("block",),
                        f"a block of {self.block} rows is larger than the matrix (n = {self.n})",
                        self.block,
                    )
                ],
            )
        return self

    @property
    def items(self) -> int:
        return -(-self.n // self.block)


class Sha256Chain(_Entry):
    """Independent hash chains: h_0 = sha256(seed ‖ chain index), h_{i+1} = sha256(h_i).

    The work item is one chain; its output is h_length.
    """

    name: Literal["sha256_chain"] = Field(description="Iterated SHA-256 chains.")
    chains: Int = Field(ge=1, le=10_000_000, description="Independent chains.")
    length: Int = Field(ge=1, le=1_000_000_000, description="Hash iterations per chain.")
    seed: Seed = Field(0, description="Mixed into each chain's start value.")

    @property
    def items(self) -> int:
        return self.chains


Kernel = Annotated[MatmulBlocked | Sha256Chain, Field(discriminator="name")]
KERNELS = ("matmul_blocked", "sha256_chain")
