"""The page's sections, one per experiment in the article's order: the controls it is about and what to look for.

Each text names the numbers that depend on the data or the setting in braces (`{step_W}`); `explore.compute`
fills them in from minigrad's numbers for the section's opening setting. The numbers typed in a text are the
article's own (its rates, its schedule's epochs).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Section:
    """One experiment on the page.

    Attributes:
        id: the article's experiment, `"E1"` to `"E10"` or `"E5b"`.
        title: a heading that says what happens.
        study: the study (`studies.make_studies`) whose numbers it draws.
        epochs: the epochs it shows (the article's; the study may have run more).
        controls: the controls the reader moves; the study's others stay at `setting`.
        setting: the opening setting, the article's (a learning rate snaps to the nearest one computed).
        pinned: a setting pinned for comparison when the page opens, or None.
        text: what to look for, in minigrad's words.
    """

    id: str
    title: str
    study: str
    epochs: int
    controls: tuple[str, ...]
    setting: dict[str, Any]
    text: str
    pinned: dict[str, Any] | None = field(default=None)


SECTIONS = (
    Section("E1", "f(x) = x with SGD at 0.1: every update overshoots", "identity", 100, ("learning_rate",),
            {"optimizer": "SGD", "learning_rate": 0.1},
            "One weight W learns y = x from x = 0 to 79 under MAE. MAE's gradient for W is the mean of "
            "sign(error) × x, about {scale_W} on these inputs, and it keeps that size however close W gets to 1: "
            "every SGD update moves W by about learning rate × {scale_W}, here {step_W}. That is far more than "
            "the distance to the target, so W jumps from one side of the valley to the other and the loss never "
            "settles. Play the epochs and watch the point hop; drag the rate down and the hops shrink."),
    Section("E2", "0.001: close within a few epochs, then a jitter the size of one step", "identity", 100,
            ("learning_rate",), {"optimizer": "SGD", "learning_rate": 0.001},
            "A hundred times smaller rate gives updates of about {step_W}: W walks one unit in about {walk_W} "
            "epochs ({updates_per_epoch} updates each), then hops around 1, one step either side, because the "
            "gradient does not shrink near the target. The training MAE stops falling at the level those hops "
            "cost. To compare with E1, pin this setting and drag the rate back to 0.1."),
    Section("E3", "0.0001: steady, and slow", "identity", 200, ("learning_rate",),
            {"optimizer": "SGD", "learning_rate": 0.0001},
            "Updates of about {step_W}: W walks one unit in about {walk_W} epochs, so from a start one or two "
            "units away most of the 200 epochs go into the walk; once there, its hops are ten times smaller than "
            "E2's. The band over seeds shows how much the arrival depends on where W started."),
    Section("E4", "SGD(0.01, decay=0.01): large steps first, small ones later", "decay", 250, ("decay",),
            {"decay": 0.01},
            "tf.keras 2's `decay=` divides the rate after every update: lr = 0.01 / (1 + decay × iterations). "
            "With {updates_per_epoch} updates per epoch and decay 0.01 the rate halves by epoch {half_epoch} and is "
            "a fifth of 0.01 by epoch {fifth_epoch}: the early steps cover the distance, the later ones shrink the "
            "jitter. "
            "Move the decay: at 0 the steps stay {step_W} and the MAE never falls below their jitter; every "
            "larger decay shrinks them sooner and ends lower. Even decay 1 still gets W to 1, because the steps "
            "0.01 / (1 + iterations) add up without bound."),
    Section("E5", "The article's step schedule, as written", "schedule", 100, ("schedule", "learning_rate"),
            {"schedule": "as written", "learning_rate": 0.02},
            "`LearningRateScheduler(lr_schedule)` sets the rate at the start of every epoch. The article's "
            "`lr_schedule` tests `5 >= epoch > 25` and `25 >= epoch > 50`, which no epoch satisfies, so the rate "
            "is 0.02 for epochs 0 to 4 and 0.0001 from epoch 5 on: one drop of 200 times, not three steps (see "
            "the learning-rate chart). The slider sets the first rate and scales the whole schedule; 0.02 is "
            "the article's."),
    Section("E5b", "The schedule the author meant", "schedule", 100, ("schedule", "learning_rate"),
            {"schedule": "as intended", "learning_rate": 0.02},
            "With the conditions mended (`5 <= epoch < 25`, `25 <= epoch < 50`) the rate is 0.02, then 0.01 from "
            "epoch 5, 0.001 from 25 and 0.0001 from 50. Pinned in orange, the schedule as written. Both start "
            "with five epochs of steps of about {step_W}. The intended one then keeps steps half that size until "
            "epoch 25: W stays near 1 but hops around it by that much, and each later drop shrinks the hops "
            "tenfold. The one as written walks in at steps 200 times smaller, more slowly but steadily; from "
            "epoch 50 both take the same steps and end alike.",
            pinned={"schedule": "as written", "learning_rate": 0.02}),
    Section("E6", "Adam: each update moves W by about the rate, whatever the gradient", "identity", 100,
            ("optimizer", "learning_rate"), {"optimizer": "Adam", "learning_rate": 0.001},
            "Adam divides each update by a running estimate of the gradient's size, so W moves by about the rate, "
            "{step_W}, per update instead of the rate × {scale_W}. In 100 epochs of {updates_per_epoch} updates "
            "that adds up to at most {reach_W}: whether W gets to 1 depends on where it started, hence the wide "
            "band over seeds. Try the others: RMSprop's steps are also about the rate, Adagrad's shrink as "
            "1 / √(updates), and momentum lets SGD's steps grow up to ten times."),
    Section("E7", "f(x) = 2x + 5: one rate for a weight and a bias", "linear100", 200,
            ("optimizer", "learning_rate"), {"optimizer": "Adam", "learning_rate": 0.001},
            "Now the model has a weight and a bias and learns from 64 points of x = 0 to 99 (the article's "
            "split). W's gradient is about {scale_W} times b's, so the MAE surface is a long narrow valley: "
            "steep across W, nearly flat along b. Adam moves each weight by about the rate per update whatever "
            "its gradient: {updates_per_epoch} updates per epoch for 200 epochs at {step_b} each is at most "
            "{reach_b}, for W and for b alike, so neither arrives. Drag the rate to 0.01: W reaches the valley "
            "floor by about epoch 100, the path turns the corner, and b creeps along the floor, still short of "
            "5 at the end."),
    Section("E8", "1000 points: more updates, the same crawl", "linear1000", 200, ("optimizer", "learning_rate"),
            {"scaling": "none", "optimizer": "Adam", "learning_rate": 0.001},
            "With 1000 points there are {updates_per_epoch} updates per epoch, so Adam's steps of {step_b} walk "
            "one unit in {walk_b} epochs, W and b alike. W arrives first (it starts nearer its target), the path "
            "turns the corner, and b creeps on along the valley floor. It ends much nearer 5 than in E7 only "
            "because it took ten times more steps."),
    Section("E9", "SGD with momentum: W races, b barely moves", "linear100", 200, ("optimizer", "learning_rate"),
            {"optimizer": "SGD, momentum 0.9", "learning_rate": 0.0001},
            "SGD's steps are proportional to the gradient: about the rate × {scale_W} for W, the rate × 1 for b, "
            "and momentum 0.9 lets them build up to ten times that. At 0.0001 that is {step_W} for W and "
            "{step_b} for b: W settles, b creeps. At any rate W's steps are {scale_W} times b's, so a rate large "
            "enough to move b makes W bounce: no single rate suits both. (The article does not give its momentum "
            "settings; minigrad uses learning rate 0.0001 and momentum 0.9, which give the article's W and b on "
            "real tf.keras.)"),
    Section("E10", "Scale the input, and one rate fits both", "linear1000", 200,
            ("scaling", "optimizer", "learning_rate"),
            {"scaling": "standardised", "optimizer": "SGD, momentum 0.9", "learning_rate": 0.1},
            "With 1000 points and the same SGD with momentum (pinned in orange), b is no better: more data does "
            "not change the ratio of the two gradients. Standardising the input, x' = (x − {mean}) / {std}, gives "
            "the weight a gradient of about {scale_W} and the bias 1, so one rate suits both. The standardised "
            "model has its own W' and b' (W = W' / {std}, b = b' − W' × {mean} / {std}, which the charts and "
            "the surface use), and its targets are far away (W' = {target_W}, b' = {target_b}), so it wants a "
            "larger rate: in blue, 0.1 takes both W and b to the target, after a detour through large b that "
            "leaves the drawn surface.",
            pinned={"scaling": "none", "optimizer": "SGD, momentum 0.9", "learning_rate": 0.0001}),
)
