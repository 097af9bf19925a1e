/* Unicorn oracle: see unicorn_oracle.h. */
#include "unicorn_oracle.h"

#include <stdio.h>

static const int x_reg[31] = {
    UC_ARM64_REG_X0,  UC_ARM64_REG_X1,  UC_ARM64_REG_X2,  UC_ARM64_REG_X3,  UC_ARM64_REG_X4,
    UC_ARM64_REG_X5,  UC_ARM64_REG_X6,  UC_ARM64_REG_X7,  UC_ARM64_REG_X8,  UC_ARM64_REG_X9,
    UC_ARM64_REG_X10, UC_ARM64_REG_X11, UC_ARM64_REG_X12, UC_ARM64_REG_X13, UC_ARM64_REG_X14,
    UC_ARM64_REG_X15, UC_ARM64_REG_X16, UC_ARM64_REG_X17, UC_ARM64_REG_X18, UC_ARM64_REG_X19,
    UC_ARM64_REG_X20, UC_ARM64_REG_X21, UC_ARM64_REG_X22, UC_ARM64_REG_X23, UC_ARM64_REG_X24,
    UC_ARM64_REG_X25, UC_ARM64_REG_X26, UC_ARM64_REG_X27, UC_ARM64_REG_X28, UC_ARM64_REG_X29,
    UC_ARM64_REG_X30,
};

int uo_open(uo_engine *e, int cpu_model, uint64_t ram_base, uint8_t *ram, size_t ram_size)
{
    uc_err err = uc_open(UC_ARCH_ARM64, UC_MODE_ARM, &e->uc);
    if (err != UC_ERR_OK) {
        fprintf(stderr, "unicorn: uc_open: %s\n", uc_strerror(err));
        return -1;
    }
    err = uc_ctl_set_cpu_model(e->uc, cpu_model);
    if (err == UC_ERR_OK) err = uc_mem_map_ptr(e->uc, ram_base, ram_size, UC_PROT_ALL, ram);
    if (err != UC_ERR_OK) {
        fprintf(stderr, "unicorn: setup: %s\n", uc_strerror(err));
        uc_close(e->uc);
        e->uc = NULL;
        return -1;
    }
    return 0;
}

void uo_close(uo_engine *e)
{
    if (e->uc) uc_close(e->uc);
    e->uc = NULL;
}

void uo_code_written(uo_engine *e, uint64_t addr, uint64_t len)
{
    uc_ctl_remove_cache(e->uc, addr, addr + len);
}

void uo_set_state(uo_engine *e, const uo_state *s)
{
    for (int i = 0; i < 31; i++)
        uc_reg_write(e->uc, x_reg[i], &s->x[i]);
    /* PSTATE write does not bank SP: write the selected SP to REG_SP and the other
     * one to its banked copy explicitly. M[3:2] = EL, M[0] = SPSel (0 at EL0). */
    bool sp0 = s->el == 0 || !s->spsel;
    uint64_t pstate = (uint64_t)(s->nzcv & 0xf0000000u) | (s->daif & 0x3c0u) |
                      ((uint64_t)(s->el & 1) << 2) | (sp0 ? 0u : 1u);
    uc_reg_write(e->uc, UC_ARM64_REG_PSTATE, &pstate);
    uc_reg_write(e->uc, UC_ARM64_REG_SP_EL0, &s->sp_el0);
    uc_reg_write(e->uc, UC_ARM64_REG_SP_EL1, &s->sp_el1);
    uc_reg_write(e->uc, UC_ARM64_REG_SP, sp0 ? &s->sp_el0 : &s->sp_el1);
    uc_reg_write(e->uc, UC_ARM64_REG_PC, &s->pc);
}

void uo_get_state(uo_engine *e, uo_state *s)
{
    for (int i = 0; i < 31; i++)
        uc_reg_read(e->uc, x_reg[i], &s->x[i]);
    uint64_t pstate = 0, sp = 0;
    uc_reg_read(e->uc, UC_ARM64_REG_PSTATE, &pstate);
    uc_reg_read(e->uc, UC_ARM64_REG_SP, &sp);
    s->nzcv = (uint32_t)pstate & 0xf0000000u;
    s->daif = (uint32_t)pstate & 0x3c0u;
    s->spsel = (uint8_t)(pstate & 1u);
    s->el = (uint8_t)((pstate >> 2) & 3u);
    /* REG_SP is the live one; the banked copy of the selected SP is stale. */
    if (s->spsel) {
        s->sp_el1 = sp;
        uc_reg_read(e->uc, UC_ARM64_REG_SP_EL0, &s->sp_el0);
    } else {
        s->sp_el0 = sp;
        uc_reg_read(e->uc, UC_ARM64_REG_SP_EL1, &s->sp_el1);
    }
    uc_reg_read(e->uc, UC_ARM64_REG_PC, &s->pc);
}

uc_err uo_run(uo_engine *e, uint64_t until, size_t count)
{
    uint64_t pc = 0;
    uc_reg_read(e->uc, UC_ARM64_REG_PC, &pc);
    return uc_emu_start(e->uc, pc, until, 0, count);
}

int uo_enter_el0(uo_engine *e, uint64_t eret_pc, uint64_t ret_pc)
{
    /* SPSR_EL1 (op0 3, op1 0, CRn 4, CRm 0, op2 0) = EL0t with DAIF masked. */
    uc_arm64_cp_reg spsr = {4, 0, 3, 0, 0, 0x3c0};
    uint64_t pstate = 0;
    if (uc_reg_write(e->uc, UC_ARM64_REG_CP_REG, &spsr) != UC_ERR_OK ||
        uc_reg_write(e->uc, UC_ARM64_REG_ELR_EL1, &ret_pc) != UC_ERR_OK ||
        uc_emu_start(e->uc, eret_pc, ret_pc, 0, 0) != UC_ERR_OK ||
        uc_reg_read(e->uc, UC_ARM64_REG_PSTATE, &pstate) != UC_ERR_OK || (pstate & 0xf) != 0) {
        fprintf(stderr, "unicorn: could not enter EL0 (PSTATE %#llx)\n",
                (unsigned long long)pstate);
        return -1;
    }
    return 0;
}
