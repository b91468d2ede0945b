/* `sanctsim calibrate` (src/calibrate.c): its help text, for `sanctsim
 * help calibrate`. The command itself is declared in commands.h. */
#ifndef SS_CALIBRATE_H
#define SS_CALIBRATE_H

extern const char ss_calibrate_help[];

#endif
